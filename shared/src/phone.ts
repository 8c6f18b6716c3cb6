import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Normalises a phone number to E.164, or null when it is not a valid number. */
export function toE164(input: string, defaultCountry: 'US' = 'US'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** "+16175550111" -> "(617) 555-0111" for display; falls back to the input. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatNational() : e164;
}

/** E.164 as Twilio takes it: `+`, a country code not starting with 0, at most 15 digits, nothing else. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

export function isE164(value: string): boolean {
  return E164_PATTERN.test(value);
}
