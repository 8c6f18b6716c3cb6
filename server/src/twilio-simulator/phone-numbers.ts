import { ALWAYS_OWNED_NUMBER } from './credentials';
import { MESSAGING_SERVICE_SID_PATTERN } from './sid';
import type { MessagingServiceConfig } from './simulator-types';

const E164 = /^\+[1-9]\d{1,14}$/;
const SHORT_CODE = /^\d{5,6}$/;
// Alphanumeric sender IDs: up to 11 letters, digits and spaces, at least one letter.
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}

/** The shapes Twilio accepts as `From` before checking the account owns it. */
export function isSenderShape(value: string): boolean {
  return E164.test(value) || SHORT_CODE.test(value) || ALPHANUMERIC_SENDER.test(value);
}

/**
 * The account's numbers and Messaging Services. Opt-outs are recorded per "scope": the Messaging
 * Service when the line belongs to one (Twilio blocks the whole service), else the line itself.
 */
export class NumberDirectory {
  private owned = new Set<string>();
  private readonly services: readonly MessagingServiceConfig[];

  constructor(ownedNumbers: readonly string[], services: readonly MessagingServiceConfig[]) {
    for (const service of services) {
      if (!MESSAGING_SERVICE_SID_PATTERN.test(service.sid)) {
        throw new Error(`Twilio simulator: messaging service sid "${service.sid}" must be MG followed by 32 hex digits`);
      }
      assertE164List(service.numbers);
    }
    this.services = services.map((s) => ({ sid: s.sid, numbers: [...s.numbers] }));
    this.setOwned(ownedNumbers);
  }

  /** Replaces the owned lines; numbers of Messaging Services stay owned. */
  setOwned(numbers: readonly string[]): void {
    assertE164List(numbers);
    this.owned = new Set(numbers);
  }

  ownedNumbers(): string[] {
    const all = new Set([...this.owned, ...this.services.flatMap((s) => s.numbers), ALWAYS_OWNED_NUMBER]);
    return [...all];
  }

  owns(number: string): boolean {
    return (
      number === ALWAYS_OWNED_NUMBER || this.owned.has(number) || this.services.some((s) => s.numbers.includes(number))
    );
  }

  service(sid: string): MessagingServiceConfig | undefined {
    return this.services.find((s) => s.sid === sid);
  }

  serviceOf(number: string): MessagingServiceConfig | undefined {
    return this.services.find((s) => s.numbers.includes(number));
  }

  optOutScope(lineNumber: string): string {
    return this.serviceOf(lineNumber)?.sid ?? lineNumber;
  }
}

function assertE164List(numbers: readonly string[]): void {
  const bad = numbers.find((n) => !isE164(n));
  if (bad !== undefined) throw new Error(`Twilio simulator: "${bad}" is not an E.164 phone number`);
}
