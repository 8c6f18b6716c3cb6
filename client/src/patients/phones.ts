import type { ConsentChangedEventData, PatientDto, PatientPhoneDto } from '@care/shared';

/** The primary phone, or the first one when none is marked. */
export function primaryPhone(patient: Pick<PatientDto, 'phones'>): PatientPhoneDto | null {
  return patient.phones.find((phone) => phone.isPrimary) ?? patient.phones[0] ?? null;
}

/** Landlines cannot receive texts (the server refuses them); every other number can be tried. */
export function isTextable(phone: Pick<PatientPhoneDto, 'type'>): boolean {
  return phone.type !== 'landline';
}

/** The phone to text by default: the primary one if textable and not opted out, else a mobile, else any textable one. */
export function defaultPhone(patient: Pick<PatientDto, 'phones'>): PatientPhoneDto | null {
  const primary = primaryPhone(patient);
  if (primary && !primary.optedOut && isTextable(primary)) return primary;
  const reachable = patient.phones.filter((phone) => !phone.optedOut && isTextable(phone));
  return reachable.find((phone) => phone.type === 'mobile') ?? reachable[0] ?? null;
}

/** True when every number that could receive a text has opted out (landlines do not count). */
export function allOptedOut(patient: Pick<PatientDto, 'phones'>): boolean {
  const textable = patient.phones.filter(isTextable);
  return textable.length > 0 && textable.every((phone) => phone.optedOut);
}

/** True when no number of the patient can receive a text at all (none, or landlines only). */
export function hasNoTextablePhone(patient: Pick<PatientDto, 'phones'>): boolean {
  return !patient.phones.some(isTextable);
}

/** Applies `consent:changed` to a patient; matched by phone id, else by number. Returns the same object when nothing changed. */
export function applyConsent<T extends Pick<PatientDto, 'id' | 'phones'>>(patient: T, event: ConsentChangedEventData): T {
  if (event.patientId !== null && event.patientId !== patient.id) return patient;
  let changed = false;
  const phones = patient.phones.map((phone) => {
    const matches = event.phoneId ? phone.id === event.phoneId : phone.number === event.number;
    if (!matches || phone.optedOut === event.optedOut) return phone;
    changed = true;
    const source = event.source === 'sms-keyword' || event.source === 'staff' || event.source === 'twilio-21610' ? event.source : null;
    return { ...phone, optedOut: event.optedOut, optedOutAt: event.optedOut ? event.at : null, optOutSource: event.optedOut ? source : null };
  });
  return changed ? { ...patient, phones } : patient;
}

/** Why a number may not be texted, in the words a care team uses ("replied STOP on Dec 4"). */
export function optOutReason(phone: Pick<PatientPhoneDto, 'optOutSource' | 'optedOutAt'>, formatDate: (iso: string) => string): string {
  const when = phone.optedOutAt ? ` on ${formatDate(phone.optedOutAt)}` : '';
  switch (phone.optOutSource) {
    case 'staff':
      return `asked us to stop texting (recorded by staff${when})`;
    case 'twilio-21610':
      return `is unsubscribed at the carrier (Twilio error 21610${when})`;
    default:
      return `replied STOP${when}`;
  }
}
