import { linkify } from './linkify';

describe('linkify', () => {
  it('leaves plain text alone', () => {
    expect(linkify('Hello there')).toEqual([{ kind: 'text', text: 'Hello there' }]);
    expect(linkify('')).toEqual([]);
  });

  it('turns http(s) URLs into links and keeps sentence punctuation outside', () => {
    expect(linkify('See https://clinic.test/forms/a?b=1. Thanks')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://clinic.test/forms/a?b=1', href: 'https://clinic.test/forms/a?b=1' },
      { kind: 'text', text: '. Thanks' },
    ]);
    expect(linkify('(http://x.test/a)')).toEqual([
      { kind: 'text', text: '(' },
      { kind: 'link', text: 'http://x.test/a', href: 'http://x.test/a' },
      { kind: 'text', text: ')' },
    ]);
    expect(linkify('https://en.wikipedia.test/wiki/Foo_(bar)')[0]).toEqual({
      kind: 'link',
      text: 'https://en.wikipedia.test/wiki/Foo_(bar)',
      href: 'https://en.wikipedia.test/wiki/Foo_(bar)',
    });
  });

  it('never links other schemes, and keeps markup as text', () => {
    const parts = linkify('javascript:alert(1) data:text/html,<b>x</b> <img src=x onerror=alert(1)> ftp://x.test');
    expect(parts.every((part) => part.kind === 'text')).toBe(true);
    expect(parts.map((part) => part.text).join('')).toBe('javascript:alert(1) data:text/html,<b>x</b> <img src=x onerror=alert(1)> ftp://x.test');
  });

  it('stops a URL at quotes and angle brackets', () => {
    const parts = linkify('<a href="https://evil.test/x">click</a>');
    const link = parts.find((part) => part.kind === 'link');
    expect(link).toEqual({ kind: 'link', text: 'https://evil.test/x', href: 'https://evil.test/x' });
    expect(parts.map((part) => part.text).join('')).toBe('<a href="https://evil.test/x">click</a>');
  });

  it('finds several links', () => {
    expect(linkify('a https://a.test b http://b.test').filter((part) => part.kind === 'link')).toHaveLength(2);
  });
});
