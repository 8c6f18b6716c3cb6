import { computeSegments, smartEncode } from './segments';

describe('computeSegments (Twilio boundaries, twilio-facts §6)', () => {
  it.each([
    ['a'.repeat(160), 1, 'GSM-7'],
    ['a'.repeat(161), 2, 'GSM-7'],
    ['a'.repeat(306), 2, 'GSM-7'],
    ['a'.repeat(307), 3, 'GSM-7'],
    ['€'.repeat(80), 1, 'GSM-7'],
    ['€'.repeat(81), 2, 'GSM-7'],
    ['ç'.repeat(70), 1, 'UCS-2'],
    ['ç'.repeat(71), 2, 'UCS-2'],
    ['😀'.repeat(35), 1, 'UCS-2'],
    ['😀'.repeat(36), 2, 'UCS-2'],
  ])('%#: %s segments', (body, segments, encoding) => {
    expect(computeSegments(body)).toMatchObject({ segments, encoding });
  });

  it('names the characters that force UCS-2', () => {
    expect(computeSegments('It’s fine').nonGsmCharacters).toEqual(['’']);
  });

  it('counts an empty body as zero segments', () => {
    expect(computeSegments('').segments).toBe(0);
  });
});

describe('smartEncode (Twilio Smart Encoding before storing)', () => {
  it('replaces characters that would force UCS-2 with GSM-7 look-alikes', () => {
    expect(smartEncode('It’s “fine” — really…')).toBe('It\'s "fine" - really...');
    expect(computeSegments(smartEncode('It’s fine')).encoding).toBe('GSM-7');
  });

  it('leaves emoji and real non-Latin text alone (they need UCS-2)', () => {
    expect(smartEncode('Merci 😀 привет')).toBe('Merci 😀 привет');
  });
});
