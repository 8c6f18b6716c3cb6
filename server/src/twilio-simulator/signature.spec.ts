import twilio from 'twilio';
import { computeTwilioSignature, withoutFragment } from './signature';

describe('computeTwilioSignature', () => {
  it("reproduces the test vector from Twilio's webhook security docs", () => {
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675310',
      Digits: '1234',
      From: '+14158675310',
      To: '+18005551212',
    };
    expect(computeTwilioSignature('12345', 'https://example.com/myapp.php?foo=1&bar=2', params)).toBe(
      'L/OH5YylLD5NRKLltdqwSvS0BnU=',
    );
  });

  it('is accepted by twilio.validateRequest for a realistic inbound SMS payload', () => {
    const token = 'f00dfeedf00dfeedf00dfeedf00dfeed';
    const url = 'http://localhost:3000/webhooks/twilio/inbound?tenant=demo';
    const params = {
      MessageSid: 'SM0123456789abcdef0123456789abcdef',
      Body: 'Héllo 👋 & good "morning" + see you at 10:30',
      From: '+16175550111',
      To: '+16175550100',
      NumMedia: '0',
      FromCity: '',
      OptOutType: 'HELP',
    };
    const signature = computeTwilioSignature(token, url, params);
    expect(twilio.validateRequest(token, signature, url, params)).toBe(true);
    expect(twilio.validateRequest(token, signature, url, { ...params, Body: 'tampered' })).toBe(false);
    expect(twilio.validateRequest('another-token', signature, url, params)).toBe(false);
  });

  it('orders parameter names the way twilio-node does (uppercase before lowercase)', () => {
    const params = { b: '1', B: '2', a: '3', AccountSid: 'AC1' };
    expect(computeTwilioSignature('t', 'https://x.test/', params)).toBe(
      twilio.getExpectedTwilioSignature('t', 'https://x.test/', params),
    );
  });

  it('signs repeated parameters like twilio-node: de-duplicated and sorted by value', () => {
    const params = { MediaUrl: ['https://b.test/2.png', 'https://a.test/1.png', 'https://b.test/2.png'], To: '+1' };
    expect(computeTwilioSignature('t', 'https://x.test/hook', params)).toBe(
      twilio.getExpectedTwilioSignature('t', 'https://x.test/hook', params),
    );
  });

  it('drops the URL fragment, which carries connection overrides and is not signed', () => {
    expect(withoutFragment('https://x.test/status?a=1#rc=3&rp=all')).toBe('https://x.test/status?a=1');
    expect(withoutFragment('https://x.test/status')).toBe('https://x.test/status');
  });
});
