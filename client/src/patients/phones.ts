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
    return { ...phone, optedOut: event.optedOut };
  });
  return changed ? { ...patient, phones } : patient;
}
