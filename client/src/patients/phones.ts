import type { ConsentChangedEventData, PatientDto, PatientPhoneDto } from '@care/shared';

/** The primary phone, or the first one when none is marked. */
export function primaryPhone(patient: Pick<PatientDto, 'phones'>): PatientPhoneDto | null {
  return patient.phones.find((phone) => phone.isPrimary) ?? patient.phones[0] ?? null;
}

/** The phone to text by default: the primary one unless opted out, else a mobile, else any that has not opted out. */
export function defaultPhone(patient: Pick<PatientDto, 'phones'>): PatientPhoneDto | null {
  const primary = primaryPhone(patient);
  if (primary && !primary.optedOut) return primary;
  const reachable = patient.phones.filter((phone) => !phone.optedOut);
  return reachable.find((phone) => phone.type === 'mobile') ?? reachable.find((phone) => phone.type !== 'landline') ?? reachable[0] ?? null;
}

export function allOptedOut(patient: Pick<PatientDto, 'phones'>): boolean {
  return patient.phones.length > 0 && patient.phones.every((phone) => phone.optedOut);
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
