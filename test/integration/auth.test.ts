import { startTestStack, type TestStack } from '../support/test-stack';

describe('authentication', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('logs in with the demo password and returns a token and the user', async () => {
    const response = await stack.request('POST', '/api/auth/login', { body: { email: 'Nurse@Demo.test', password: 'demo-password' } });
    expect(response.status).toBe(200);
    expect(typeof response.body.accessToken).toBe('string');
    expect(response.body.user).toMatchObject({ email: 'nurse@demo.test', role: 'member' });
    expect(response.body.user.teamIds).toHaveLength(1);
    expect(response.body.user).not.toHaveProperty('passwordHash');
  });

  it('refuses a wrong password and an unknown email alike with 401', async () => {
    const wrong = await stack.request('POST', '/api/auth/login', { body: { email: 'nurse@demo.test', password: 'nope' } });
    const unknown = await stack.request('POST', '/api/auth/login', { body: { email: 'ghost@demo.test', password: 'demo-password' } });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password', code: 'unauthorized' });
    }
  });

  it('names the bad field when the login body is invalid', async () => {
    const response = await stack.request('POST', '/api/auth/login', { body: { email: 'not-an-email', password: 'x' } });
    expect(response.status).toBe(422);
    expect(response.body.message).toMatch(/email/);
  });

  it('answers 400 with a clear message for broken JSON', async () => {
    const response = await fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 400, message: 'Request body is not valid JSON' });
  });

  it('answers 413 for a huge body', async () => {
    const response = await fetch(`${stack.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2_000_000) }),
    });
    expect(response.status).toBe(413);
  });

  it('requires a valid bearer token on the API', async () => {
    expect((await stack.request('GET', '/api/patients')).status).toBe(401);
    expect((await stack.request('GET', '/api/patients', { token: 'garbage' })).status).toBe(401);
    const { accessToken } = await stack.login('nurse@demo.test');
    expect((await stack.request('GET', '/api/patients', { token: accessToken })).status).toBe(200);
  });

  it('refuses a socket without a valid token at the handshake', async () => {
    await expect(stack.connect('garbage')).rejects.toThrow(/token/i);
  });

  it('answers health without auth once migrated', async () => {
    const response = await stack.request('GET', '/api/health');
    expect(response).toEqual({ status: 200, body: { status: 'ok' } });
  });
});

describe('login brute force and security headers', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('refuses a sixth wrong password for the same account with 429, even with the right one', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await stack.request('POST', '/api/auth/login', { body: { email: 'coach@demo.test', password: `guess-${i}` } })).status).toBe(401);
    }
    const locked = await stack.request('POST', '/api/auth/login', { body: { email: 'coach@demo.test', password: 'demo-password' } });
    expect(locked.status).toBe(429);
    expect(locked.body.message).toMatch(/Too many failed logins/);
    // Other accounts are not affected.
    expect((await stack.request('POST', '/api/auth/login', { body: { email: 'nurse@demo.test', password: 'demo-password' } })).status).toBe(200);
  });

  it('sends a Content-Security-Policy and other security headers', async () => {
    const response = await fetch(`${stack.url}/api/health`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
