import type { MessageDto } from '@care/shared';

/** What a message bubble can ask its thread to do (failed, scheduled and held messages). */
export interface BubbleActions {
  cancel(message: MessageDto): Promise<boolean>;
  /** Quiet hours: send the held text now, with the reason (audited). */
  sendNow(message: MessageDto, reason: string): Promise<boolean>;
  markLandline(number: string): Promise<boolean>;
  /** Put the text back in the composer to rephrase or send again. */
  editAndResend(body: string): void;
  /** True when the patient's profile already says this number is a landline (or it is gone). */
  isLandline(number: string): boolean;
  isHeld(messageId: string): boolean;
}
