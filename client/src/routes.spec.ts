import { paths, resolveRoute } from './routes';

describe('resolveRoute', () => {
  it('knows every screen', () => {
    expect(resolveRoute('/login')).toEqual({ name: 'login' });
    expect(resolveRoute('/')).toEqual({ name: 'patients' });
    expect(resolveRoute('/patients')).toEqual({ name: 'patients' });
    expect(resolveRoute('/patients/42')).toEqual({ name: 'thread', patientId: '42' });
    expect(resolveRoute('/nope')).toEqual({ name: 'not-found' });
  });

  it('builds paths that resolve back', () => {
    expect(resolveRoute(paths.thread('p 1'))).toEqual({ name: 'thread', patientId: 'p 1' });
    expect(paths.login('/patients/7?x=1')).toBe('/login?next=%2Fpatients%2F7%3Fx%3D1');
    expect(paths.login('/')).toBe('/login');
  });
});
