import { EXPLAINED_TWILIO_ERROR_CODES, explainTwilioError, twilioErrorText } from './twilio-errors';

/** Every code of the table in twilio-facts §7 (30044 is left out there as unconfirmed). */
const FACTS_TABLE_CODES = [
  20003, 20404, 20429, 21211, 21212, 21408, 21602, 21603, 21604, 21606, 21608, 21610, 21611, 21612, 21614, 21617, 21619, 21620, 21623,
  21654, 21703, 35114, 35115, 35117, 35118, 90007, 21624, 30045, 30001, 30002, 30003, 30004, 30005, 30006, 30007, 30008, 30022, 30023,
  30027, 30024, 30032, 30034, 30035, 30036, 30410, 30450, 11200, 11750, 12300,
];

/** Codes the built-in simulator answers beyond that table. */
const SIMULATOR_CODES = [20500, 21609, 21701, 30409];

describe('explainTwilioError', () => {
  it.each([...FACTS_TABLE_CODES, ...SIMULATOR_CODES])('has a specific explanation for %i', (code) => {
    expect(EXPLAINED_TWILIO_ERROR_CODES).toContain(code);
    const explanation = explainTwilioError(code)!;
    expect(explanation.title).not.toMatch(/^Twilio error/);
    expect(explanation.title.length).toBeGreaterThan(5);
    expect(explanation.title.length).toBeLessThanOrEqual(70);
    expect(explanation.action.length).toBeGreaterThan(5);
    expect(typeof explanation.transient).toBe('boolean');
  });

  it('offers the actions the app can take', () => {
    expect(explainTwilioError(30006)?.suggestion).toEqual({ kind: 'mark-landline' });
    expect(explainTwilioError(21610)?.suggestion).toEqual({ kind: 'opted-out' });
    expect(explainTwilioError(30007)?.suggestion).toEqual({ kind: 'review-content' });
    expect(explainTwilioError(30007)?.action).toMatch(/A2P/);
    expect(explainTwilioError(30034)?.suggestion).toEqual({ kind: 'register-sender' });
  });

  it('marks what may succeed later as transient, and permanent refusals as not', () => {
    for (const code of [20429, 21611, 30003, 30008, 30022, 30023, 30410, 30450]) expect(explainTwilioError(code)?.transient).toBe(true);
    for (const code of [21211, 21610, 21614, 30005, 30006, 30007, 30034]) expect(explainTwilioError(code)?.transient).toBe(false);
  });

  it('answers null without a code and a generic explanation for an unknown one', () => {
    expect(explainTwilioError(null)).toBeNull();
    expect(explainTwilioError(undefined)).toBeNull();
    expect(explainTwilioError(99999)).toEqual({ title: 'Twilio error 99999', action: 'See https://www.twilio.com/docs/errors/99999', transient: false });
  });

  it('builds the stored error text from title and action', () => {
    expect(twilioErrorText(21610)).toBe('The patient opted out (texted STOP). They must text START before you can message them.');
    expect(twilioErrorText(null)).toBeNull();
  });
});
