import type { ConsentEventDto, PatientPhoneDto } from '@care/shared';

export interface ConsentEventView {
  /** "Opted out" / "Opted back in". */
  change: string;
  tone: 'danger' | 'ok';
  /** How it happened, for people: "Texted STOP", "Recorded by Nina Nurse", ... */
  how: string;
}

/** One line of a patient's consent history, in words. */
export function describeConsentEvent(event: Pick<ConsentEventDto, 'optedOut' | 'source' | 'keyword' | 'recordedBy'>): ConsentEventView {
  const change = event.optedOut ? 'Opted out' : 'Opted back in';
  const tone = event.optedOut ? 'danger' : 'ok';
  switch (event.source) {
    case 'sms-keyword':
      return { change, tone, how: `Patient texted ${event.keyword?.trim() || (event.optedOut ? 'STOP' : 'START')}` };
    case 'staff':
      return { change, tone, how: `Recorded by ${event.recordedBy?.name ?? 'a staff member'} (patient asked by phone or in person)` };
    case 'twilio-21610':
      return { change, tone, how: 'Twilio refused a text: the number had unsubscribed (error 21610)' };
    default:
      return { change, tone, how: 'Recorded' };
  }
}

/** What a phone can do now, for the profile's phone list. */
export function phoneStateLabel(phone: Pick<PatientPhoneDto, 'type' | 'optedOut'>): { label: string; tone: 'danger' | 'ok' | 'neutral' } {
  if (phone.optedOut) return { label: 'Opted out', tone: 'danger' };
  if (phone.type === 'landline') return { label: 'Landline: cannot receive texts', tone: 'neutral' };
  return { label: 'Can receive texts', tone: 'ok' };
}

/** Staff may record an opt-out for a number that is not opted out yet (opting back in is the patient's alone). */
export function canRecordOptOut(phone: Pick<PatientPhoneDto, 'optedOut'>): boolean {
  return !phone.optedOut;
}

/** Twilio's 30006 suggests it; a number already marked needs nothing. */
export function canMarkLandline(phone: Pick<PatientPhoneDto, 'type'>): boolean {
  return phone.type !== 'landline';
}

/** Human age from a `YYYY-MM-DD` birth date, or null. */
export function ageOn(dateOfBirth: string | null, today: Date = new Date()): number | null {
  if (!dateOfBirth) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(dateOfBirth);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = today.getFullYear() - year;
  if (today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day)) age -= 1;
  return age >= 0 ? age : null;
}

/** "March 14, 1956" from `1956-03-14`, without time-zone shifts. */
export function formatBirthDate(dateOfBirth: string | null): string | null {
  if (!dateOfBirth) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(dateOfBirth);
  if (!match) return dateOfBirth;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

/** A timestamp for history tables: "Mar 3, 2025, 2:15 PM". */
export function dateTimeLabel(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
}
