import { describeCounter } from './counter';

describe('describeCounter', () => {
  it('counts characters, segments and encoding', () => {
    expect(describeCounter('Hello there!').text).toBe('12 characters · 1 segment · GSM-7');
    expect(describeCounter('').text).toBe('0 characters · 0 segments · GSM-7');
    expect(describeCounter('a').text).toBe('1 character · 1 segment · GSM-7');
    expect(describeCounter('a'.repeat(161)).text).toBe('161 characters · 2 segments · GSM-7');
  });

  it('warns that emoji and special characters shrink segments to 70', () => {
    const view = describeCounter('See you soon 😀');
    expect(view.encoding).toBe('UCS-2');
    expect(view.notices).toContainEqual({ tone: 'info', text: 'Emoji switches to Unicode: 70 characters per segment (😀).' });
    expect(describeCounter('a'.repeat(71) + '😀').text).toBe('73 characters · 2 segments · UCS-2');
    expect(describeCounter('It’s fine').notices).toContainEqual({ tone: 'info', text: 'Special characters switch to Unicode: 70 characters per segment (’).' });
  });

  it('warns above 3 segments that it goes as MMS', () => {
    const view = describeCounter('a'.repeat(153 * 3 + 1));
    expect(view.segments).toBe(4);
    expect(view.notices.map((notice) => notice.text)).toContain('More than 3 segments: will be sent as MMS.');
    expect(describeCounter('a'.repeat(153 * 3)).notices).toEqual([]);
  });

  it('refuses above 1600 characters', () => {
    expect(describeCounter('a'.repeat(1600)).tooLong).toBe(false);
    const view = describeCounter('a'.repeat(1601));
    expect(view.tooLong).toBe(true);
    expect(view.notices[0]).toEqual({ tone: 'error', text: 'Too long: 1,601 characters, the limit is 1,600. Shorten it to send.' });
  });
});
