import { aPatient, aPhone } from '../testing/factories';
import { allOptedOut, applyConsent, defaultPhone, hasNoTextablePhone, optOutReason, primaryPhone } from './phones';

describe('phones', () => {
  it('finds the primary phone, else the first', () => {
    const home = aPhone({ type: 'landline' });
    const mobile = aPhone({ isPrimary: true });
    expect(primaryPhone(aPatient({ phones: [home, mobile] }))).toBe(mobile);
    expect(primaryPhone(aPatient({ phones: [home] }))).toBe(home);
    expect(primaryPhone(aPatient({ phones: [] }))).toBeNull();
  });

  it('texts the primary unless it opted out', () => {
    const primary = aPhone({ isPrimary: true, optedOut: true });
    const other = aPhone();
    expect(defaultPhone(aPatient({ phones: [primary, other] }))).toBe(other);
    expect(defaultPhone(aPatient({ phones: [primary] }))).toBeNull();
    expect(allOptedOut(aPatient({ phones: [primary] }))).toBe(true);
    expect(allOptedOut(aPatient({ phones: [primary, other] }))).toBe(false);
    expect(allOptedOut(aPatient({ phones: [] }))).toBe(false);
  });

  it('prefers a mobile when the primary opted out', () => {
    const primary = aPhone({ isPrimary: true, optedOut: true });
    const landline = aPhone({ type: 'landline' });
    const mobile = aPhone({ type: 'mobile' });
    expect(defaultPhone(aPatient({ phones: [primary, landline, mobile] }))).toBe(mobile);
    // A landline cannot receive texts: never picked, and it does not keep texting "on".
    expect(defaultPhone(aPatient({ phones: [primary, landline] }))).toBeNull();
    expect(allOptedOut(aPatient({ phones: [primary, landline] }))).toBe(true);
    expect(allOptedOut(aPatient({ phones: [primary, landline, mobile] }))).toBe(false);
  });

  it('knows when no number can receive texts', () => {
    expect(hasNoTextablePhone(aPatient({ phones: [aPhone({ type: 'landline' })] }))).toBe(true);
    expect(hasNoTextablePhone(aPatient({ phones: [] }))).toBe(true);
    expect(hasNoTextablePhone(aPatient({ phones: [aPhone({ type: 'unknown' })] }))).toBe(false);
  });

  it('applies consent changes by phone id, else by number', () => {
    const phone = aPhone({ isPrimary: true });
    const patient = aPatient({ phones: [phone] });
    const byId = applyConsent(patient, { patientId: patient.id, phoneId: phone.id, number: 'x', optedOut: true, source: 'keyword', at: '' });
    expect(byId.phones[0]?.optedOut).toBe(true);
    const byNumber = applyConsent(byId, { patientId: null, phoneId: null, number: phone.number, optedOut: false, source: 'keyword', at: '' });
    expect(byNumber.phones[0]?.optedOut).toBe(false);
  });

  it('leaves other patients and no-op changes untouched (same object)', () => {
    const patient = aPatient();
    const phone = patient.phones[0]!;
    expect(applyConsent(patient, { patientId: 'other', phoneId: phone.id, number: phone.number, optedOut: true, source: 'keyword', at: '' })).toBe(patient);
    expect(applyConsent(patient, { patientId: patient.id, phoneId: phone.id, number: phone.number, optedOut: false, source: 'keyword', at: '' })).toBe(patient);
  });

  it('says why and since when a number may not be texted', () => {
    const date = (iso: string) => iso.slice(0, 10);
    expect(optOutReason({ optOutSource: 'sms-keyword', optedOutAt: '2026-12-04T10:00:00Z' }, date)).toBe('replied STOP on 2026-12-04');
    expect(optOutReason({ optOutSource: 'staff', optedOutAt: '2026-12-01T10:00:00Z' }, date)).toBe('asked us to stop texting (recorded by staff on 2026-12-01)');
    expect(optOutReason({ optOutSource: 'twilio-21610', optedOutAt: null }, date)).toBe('is unsubscribed at the carrier (Twilio error 21610)');
  });

  it('keeps when and how with a live consent change', () => {
    const phone = aPhone({ isPrimary: true });
    const patient = aPatient({ phones: [phone] });
    const changed = applyConsent(patient, { patientId: patient.id, phoneId: phone.id, number: phone.number, optedOut: true, source: 'staff', at: '2026-12-04T10:00:00Z' });
    expect(changed.phones[0]).toMatchObject({ optedOut: true, optOutSource: 'staff', optedOutAt: '2026-12-04T10:00:00Z' });
    const back = applyConsent(changed, { patientId: patient.id, phoneId: phone.id, number: phone.number, optedOut: false, source: 'sms-keyword', at: '2026-12-05T10:00:00Z' });
    expect(back.phones[0]).toMatchObject({ optedOut: false, optOutSource: null, optedOutAt: null });
  });
});
