import { matchPath, safeReturnPath } from './match';

describe('matchPath', () => {
  it('matches literal and parameter segments', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/patients/:id', '/patients/abc')).toEqual({ id: 'abc' });
    expect(matchPath('/patients/:id', '/patients/abc/')).toEqual({ id: 'abc' });
    expect(matchPath('/patients/:id', '/patients/a%20b')).toEqual({ id: 'a b' });
    expect(matchPath('/patients/:id', '/patients')).toBeNull();
    expect(matchPath('/patients/:id', '/patients/a/b')).toBeNull();
    expect(matchPath('/patients/:id', '/patients/%E0%A4%A')).toBeNull();
  });
});

describe('safeReturnPath', () => {
  it('accepts app paths only', () => {
    expect(safeReturnPath('/patients/7?x=1')).toBe('/patients/7?x=1');
    expect(safeReturnPath(null)).toBe('/');
    expect(safeReturnPath('https://evil.test/')).toBe('/');
    expect(safeReturnPath('//evil.test/')).toBe('/');
    expect(safeReturnPath('/\\evil.test')).toBe('/');
    expect(safeReturnPath('/login?next=/x')).toBe('/');
  });
});
