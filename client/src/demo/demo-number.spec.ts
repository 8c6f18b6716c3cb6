import { demoAuthor, demoSender } from './demo-number';

describe('demoSender', () => {
  it('uses the chosen patient number, else the typed one in E.164', () => {
    expect(demoSender('+16175550111', '')).toEqual({ number: '+16175550111', error: null });
    expect(demoSender('other', '(617) 555-0199')).toEqual({ number: '+16175550199', error: null });
    expect(demoSender('', 'abc')).toMatchObject({ number: null, error: expect.stringMatching(/phone number/) });
  });
});

describe('demoAuthor', () => {
  it('tells the patient, the product and Twilio apart', () => {
    expect(demoAuthor({ direction: 'inbound', carrierReply: false })).toMatch(/patient/);
    expect(demoAuthor({ direction: 'outbound', carrierReply: false })).toMatch(/care team/);
    expect(demoAuthor({ direction: 'outbound', carrierReply: true })).toMatch(/Twilio/);
  });
});
