import { paths, resolveRoute } from './routes';

describe('resolveRoute', () => {
  it('knows every screen', () => {
    expect(resolveRoute('/login')).toEqual({ name: 'login' });
    expect(resolveRoute('/')).toEqual({ name: 'inbox', conversationId: null });
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

describe('the Communication Center', () => {
  it('is home, with an optional open conversation and line', () => {
    expect(resolveRoute('/inbox/c-1')).toEqual({ name: 'inbox', conversationId: 'c-1' });
    expect(resolveRoute(paths.inbox('c 1'))).toEqual({ name: 'inbox', conversationId: 'c 1' });
    expect(paths.inbox()).toBe('/');
    expect(paths.inbox('c1', 'l1')).toBe('/inbox/c1?line=l1');
    expect(paths.patients()).toBe('/patients');
    expect(resolveRoute(paths.patients())).toEqual({ name: 'patients' });
  });
});

describe('part B screens', () => {
  it('resolves the profile, unrecognized, supervisor, admin and demo screens', () => {
    expect(resolveRoute('/patients/42/profile')).toEqual({ name: 'profile', patientId: '42' });
    expect(resolveRoute(paths.profile('p 1'))).toEqual({ name: 'profile', patientId: 'p 1' });
    expect(resolveRoute(paths.unrecognized())).toEqual({ name: 'unrecognized' });
    expect(resolveRoute(paths.supervisor())).toEqual({ name: 'supervisor' });
    expect(resolveRoute('/admin')).toEqual({ name: 'admin', section: 'lines' });
    expect(resolveRoute(paths.admin('templates'))).toEqual({ name: 'admin', section: 'templates' });
    expect(resolveRoute('/admin/organization')).toEqual({ name: 'admin', section: 'organization' });
    expect(resolveRoute('/admin/secrets')).toEqual({ name: 'not-found' });
    expect(resolveRoute(paths.demo())).toEqual({ name: 'demo' });
    expect(paths.lineInbox('l/1')).toBe('/?line=l%2F1');
  });
});
