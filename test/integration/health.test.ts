import { startTestStack, type TestStack } from '../support/test-stack';

describe('health: liveness and readiness', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('answers liveness and the contract health without auth', async () => {
    expect(await stack.request('GET', '/api/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await stack.request('GET', '/api/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('is ready when the database, Redis (not configured) and Twilio (the simulator) answer', async () => {
    const ready = await stack.request('GET', '/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, queue: { status: 'up', waiting: 0 }, redis: { status: 'up' }, twilio: { status: 'up', mode: 'simulator' } });
  });

  it('reports not ready (503) naming Twilio when it is unreachable', async () => {
    await stack.simulator!.close();
    const ready = await stack.request('GET', '/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.details.twilio.status).toBe('down');
    expect(ready.body.details.database.status).toBe('up');
  });
});

describe('start-up with an unreachable Redis', () => {
  it('stops with one clear line naming REDIS_URL', async () => {
    // Port 1 on loopback: nothing listens there, so every connection attempt is refused.
    const outcome = await startTestStack({ env: { REDIS_URL: 'redis://127.0.0.1:1' } }).then(
      async (stack) => {
        await stack.close();
        return null;
      },
      (error: unknown) => error as Error,
    );
    expect(outcome?.message).toMatch(/^Invalid environment variable REDIS_URL: cannot connect to 127\.0\.0\.1:1/);
  }, 30_000);
});
