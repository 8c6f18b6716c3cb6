import { recipientTimeZone, timeZoneOfNumber } from './recipient-time-zone';

describe('recipient time zone for quiet hours', () => {
  it('maps a number to the time zone of its area', async () => {
    expect(await timeZoneOfNumber('+16175550111')).toBe('America/New_York');
    expect(await timeZoneOfNumber('+13105550100')).toBe('America/Los_Angeles');
    expect(await timeZoneOfNumber('+18085550100')).toBe('Pacific/Honolulu');
  });

  it('gives no answer for numbers without one area (toll-free) or that do not parse', async () => {
    expect(await timeZoneOfNumber('+18005550100')).toBeNull();
    expect(await timeZoneOfNumber('not a number')).toBeNull();
  });

  it('prefers the patient record, then the number, then the organisation', async () => {
    expect(await recipientTimeZone('Asia/Tokyo', '+16175550111', 'UTC')).toBe('Asia/Tokyo');
    expect(await recipientTimeZone(null, '+16175550111', 'UTC')).toBe('America/New_York');
    expect(await recipientTimeZone(null, '+18005550100', 'Europe/Paris')).toBe('Europe/Paris');
  });
});
