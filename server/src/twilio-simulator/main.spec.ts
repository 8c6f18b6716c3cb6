import { readCliOptions } from './main';

describe('standalone CLI options', () => {
  it('defaults to port 3001, the app’s inbound webhook and the demo lines', () => {
    expect(readCliOptions({})).toEqual({
      port: 3001,
      inboundWebhookUrl: 'http://localhost:3000/webhooks/twilio/inbound',
      ownedNumbers: ['+16175550100', '+16175550200'],
    });
  });

  it('reads TWILIO_SIM_PORT, SIM_INBOUND_WEBHOOK_URL and SIM_NUMBERS', () => {
    expect(
      readCliOptions({
        TWILIO_SIM_PORT: '4010',
        SIM_INBOUND_WEBHOOK_URL: 'http://127.0.0.1:4000/webhooks/twilio/inbound',
        SIM_NUMBERS: '+16175550100, +16175550300',
      }),
    ).toEqual({
      port: 4010,
      inboundWebhookUrl: 'http://127.0.0.1:4000/webhooks/twilio/inbound',
      ownedNumbers: ['+16175550100', '+16175550300'],
    });
  });

  it.each([
    [{ TWILIO_SIM_PORT: 'abc' }, /TWILIO_SIM_PORT/],
    [{ TWILIO_SIM_PORT: '70000' }, /TWILIO_SIM_PORT/],
    [{ SIM_INBOUND_WEBHOOK_URL: 'not a url' }, /SIM_INBOUND_WEBHOOK_URL/],
    [{ SIM_NUMBERS: '+16175550100,6175550200' }, /SIM_NUMBERS/],
  ])('names the bad variable: %j', (env, message) => {
    expect(() => readCliOptions(env)).toThrow(message);
  });
});
