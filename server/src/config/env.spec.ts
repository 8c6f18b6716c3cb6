import { ConfigError, loadConfig, SIMULATOR_ACCOUNT_SID } from './env';

describe('loadConfig', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ port: 3000, publicBaseUrl: 'http://localhost:3000' });
    expect(config.database.url).toBeNull();
    expect(config.twilio).toMatchObject({ mode: 'simulator', accountSid: SIMULATOR_ACCOUNT_SID, apiBaseUrl: 'http://127.0.0.1:3001', simulatorPort: 3001 });
    expect(config.seedDemo).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('switches to real Twilio when credentials are set', () => {
    const config = loadConfig({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'b'.repeat(32), DATABASE_URL: 'postgres://u@db:5432/app' });
    expect(config.twilio).toMatchObject({ mode: 'real', apiBaseUrl: 'https://api.twilio.com' });
    expect(config.seedDemo).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ PUBLIC_BASE_URL: 'ftp://example.com' }, 'PUBLIC_BASE_URL'],
    [{ TWILIO_ACCOUNT_SID: 'XX123', TWILIO_AUTH_TOKEN: 'b'.repeat(32) }, 'TWILIO_ACCOUNT_SID'],
    [{ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` }, 'TWILIO_AUTH_TOKEN'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ REDIS_URL: 'http://redis' }, 'REDIS_URL'],
  ])('stops with one line naming the bad variable (%j)', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid environment variable ${name}: [^\\n]+$`));
  });

  it('strips a trailing slash from PUBLIC_BASE_URL so signed URLs match', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://sms.example.org/' }).http.publicBaseUrl).toBe('https://sms.example.org');
  });

  it('reconciles every 5 minutes by default; 0 turns it off; a bad value names the variable', () => {
    expect(loadConfig({}).reconciliation.intervalSeconds).toBe(300);
    expect(loadConfig({ RECONCILE_INTERVAL_SECONDS: '0' }).reconciliation.intervalSeconds).toBe(0);
    expect(() => loadConfig({ RECONCILE_INTERVAL_SECONDS: 'often' })).toThrow(/^Invalid environment variable RECONCILE_INTERVAL_SECONDS: /);
  });
});

describe('loadConfig: the outbound queue', () => {
  it('has production defaults and reads overrides', () => {
    expect(loadConfig({}).outbound).toEqual({ workerEnabled: true, maxAttempts: 6, retryBaseMs: 2000, retryMaxMs: 300_000, pollMs: 500, concurrency: 25 });
    expect(loadConfig({}).twilio.timeoutMs).toBe(15_000);
    const tuned = loadConfig({ OUTBOUND_WORKER: 'false', OUTBOUND_MAX_ATTEMPTS: '3', TWILIO_TIMEOUT_MS: '500' });
    expect(tuned.outbound).toMatchObject({ workerEnabled: false, maxAttempts: 3 });
    expect(tuned.twilio.timeoutMs).toBe(500);
  });

  it.each([
    [{ OUTBOUND_MAX_ATTEMPTS: '0' }, 'OUTBOUND_MAX_ATTEMPTS'],
    [{ OUTBOUND_WORKER: 'maybe' }, 'OUTBOUND_WORKER'],
    [{ TWILIO_TIMEOUT_MS: '10' }, 'TWILIO_TIMEOUT_MS'],
  ])('stops with one line naming the bad variable (%j)', (env, name) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid environment variable ${name}: [^\\n]+$`));
  });
});
