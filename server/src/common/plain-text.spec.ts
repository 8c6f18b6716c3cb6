import { findUnstorableText, isStorableText, toStorableText } from './plain-text';

describe('plain text (what PostgreSQL text and jsonb can store)', () => {
  it('keeps emoji sequences, bidi controls and any script as they are', () => {
    for (const text of ['👩‍⚕️ 👨‍👩‍👧‍👦 🏳️‍🌈', 'abc \u202Egnp.exe \u2067x\u2069', 'שלום مرحبا 你好', '\uFEFF\u200B', 'pair \uD83D\uDE00']) {
      expect(isStorableText(text)).toBe(true);
      expect(toStorableText(text)).toBe(text);
    }
  });

  it('replaces NUL and unpaired surrogates (either half, anywhere) with U+FFFD', () => {
    expect(toStorableText('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
    expect(toStorableText('\uD83D')).toBe('\uFFFD');
    expect(toStorableText('x\uDE00y')).toBe('x\uFFFDy');
    expect(toStorableText('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
    expect(toStorableText('\uD83D\uD83D\uDE00')).toBe('\uFFFD😀');
    expect(isStorableText('a\u0000')).toBe(false);
  });

  it('names the first field that holds such text, keys included', () => {
    expect(findUnstorableText({ body: 'ok', quietHoursOverride: { reason: 'x\u0000' } })).toBe('quietHoursOverride.reason');
    expect(findUnstorableText({ teamIds: ['a', 'b\uD800'] })).toBe('teamIds[1]');
    expect(findUnstorableText({ search: ['a', 'b\u0000'] })).toBe('search[1]');
    expect(findUnstorableText({ 'evil\u0000': 1 })).toBe('evil\uFFFD');
    expect(findUnstorableText('\u0000')).toBe('body');
    expect(findUnstorableText({ body: 'fine 👩‍⚕️', n: 1, flag: true, none: null })).toBeNull();
    expect(findUnstorableText(undefined)).toBeNull();
  });
});
