import { EMPTY_LINE_FORM, lineRequestFromForm } from './line-form';

describe('lineRequestFromForm', () => {
  it('normalises a typed number to E.164 and keeps the rest', () => {
    const result = lineRequestFromForm({ ...EMPTY_LINE_FORM, name: ' Oncology line ', number: '(617) 555-0300', teamId: 't1', isDefault: true, mps: '3' });
    expect(result).toEqual({ request: { name: 'Oncology line', number: '+16175550300', teamId: 't1', isDefault: true, mps: 3 }, errors: null });
  });

  it('takes a Messaging Service instead of a number, organisation-wide', () => {
    const sid = `MG${'a'.repeat(32)}`;
    expect(lineRequestFromForm({ ...EMPTY_LINE_FORM, name: 'Service', kind: 'service', messagingServiceSid: sid }).request).toEqual({ name: 'Service', messagingServiceSid: sid, teamId: null, isDefault: false, mps: 1 });
  });

  it('names every field that is wrong', () => {
    const result = lineRequestFromForm({ ...EMPTY_LINE_FORM, name: ' ', number: '12', mps: '0' });
    expect(result.request).toBeNull();
    expect(Object.keys(result.errors ?? {}).sort()).toEqual(['mps', 'name', 'number']);
    expect(lineRequestFromForm({ ...EMPTY_LINE_FORM, name: 'x', kind: 'service', messagingServiceSid: 'MG123' }).errors).toHaveProperty('messagingServiceSid');
  });

  it('reads the rate whether the number input gave text or a number', () => {
    expect(lineRequestFromForm({ ...EMPTY_LINE_FORM, name: 'x', number: '+16175550300', mps: 2.5 }).request?.mps).toBe(2.5);
    expect(lineRequestFromForm({ ...EMPTY_LINE_FORM, name: 'x', number: '+16175550300', mps: '' }).errors).toHaveProperty('mps');
  });
});
