import { toE164, type DemoMessageDto } from '@care/shared';

/** The number to text from: a demo patient's, or one typed in any common format. */
export function demoSender(choice: string, typed: string): { number: string; error: null } | { number: null; error: string } {
  if (choice && choice !== 'other') return { number: choice, error: null };
  const number = toE164(typed.trim());
  return number ? { number, error: null } : { number: null, error: 'Enter a phone number, e.g. +1 617 555 0199.' };
}

/** Who wrote a message of the simulated phone's conversation, in words. */
export function demoAuthor(message: Pick<DemoMessageDto, 'direction' | 'carrierReply'>): string {
  if (message.direction === 'inbound') return 'You (as the patient)';
  return message.carrierReply ? 'Twilio (automatic keyword reply)' : 'The care team’s line';
}
