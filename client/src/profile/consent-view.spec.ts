import { ageOn, canMarkLandline, canRecordOptOut, describeConsentEvent, formatBirthDate, phoneStateLabel } from './consent-view';

describe('describeConsentEvent', () => {
  it('says who changed consent and how', () => {
    expect(describeConsentEvent({ optedOut: true, source: 'sms-keyword', keyword: 'STOPALL', recordedBy: null })).toEqual({ change: 'Opted out', tone: 'danger', how: 'Patient texted STOPALL' });
    expect(describeConsentEvent({ optedOut: false, source: 'sms-keyword', keyword: null, recordedBy: null })).toEqual({ change: 'Opted back in', tone: 'ok', how: 'Patient texted START' });
    expect(describeConsentEvent({ optedOut: true, source: 'staff', keyword: null, recordedBy: { id: 'u1', name: 'Nina Nurse' } }).how).toBe('Recorded by Nina Nurse (patient asked by phone or in person)');
    expect(describeConsentEvent({ optedOut: true, source: 'twilio-21610', keyword: null, recordedBy: null }).how).toMatch(/21610/);
  });
});

describe('phone state and actions', () => {
  it('labels each phone by what it can do now', () => {
    expect(phoneStateLabel({ type: 'mobile', optedOut: true })).toEqual({ label: 'Opted out', tone: 'danger' });
    expect(phoneStateLabel({ type: 'landline', optedOut: false }).label).toMatch(/Landline/);
    expect(phoneStateLabel({ type: 'unknown', optedOut: false })).toEqual({ label: 'Can receive texts', tone: 'ok' });
  });

  it('offers an opt-out only while opted in, and landline marking only once', () => {
    expect(canRecordOptOut({ optedOut: false })).toBe(true);
    expect(canRecordOptOut({ optedOut: true })).toBe(false);
    expect(canMarkLandline({ type: 'mobile' })).toBe(true);
    expect(canMarkLandline({ type: 'landline' })).toBe(false);
  });
});

describe('birth dates', () => {
  it('computes the age on a day, before and after the birthday', () => {
    expect(ageOn('1956-03-14', new Date(2026, 2, 13))).toBe(69);
    expect(ageOn('1956-03-14', new Date(2026, 2, 14))).toBe(70);
    expect(ageOn(null)).toBeNull();
    expect(ageOn('not a date')).toBeNull();
  });

  it('formats without shifting the day by time zone', () => {
    expect(formatBirthDate('1956-03-14')).toBe('March 14, 1956');
    expect(formatBirthDate(null)).toBeNull();
  });
});
