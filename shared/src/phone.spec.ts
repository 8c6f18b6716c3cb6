import { isE164 } from './phone';

describe('isE164 (what may be handed to Twilio as a recipient)', () => {
  it('accepts + and up to 15 digits with a country code not starting with 0', () => {
    for (const number of ['+16175550111', '+447700900123', '+15005550009', '+12']) expect(isE164(number)).toBe(true);
  });

  it('refuses anything else, however close', () => {
    for (const number of ['16175550111', '+1 617 555 0111', '+1617555011９', '+16175550111\n', ' +16175550111', '+06175550111', '+1234567890123456', '+', 'ACME', "+16175550111'; --", '+1617555\u202E0111']) {
      expect(isE164(number)).toBe(false);
    }
  });
});
