import { startTestStack, type TestStack } from '../support/test-stack';

const IDLE_SECONDS = 10;

/** Sessions slide while in use and end after SESSION_IDLE_SECONDS without an API call. */
describe('idle sessions expire', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ env: { SESSION_IDLE_SECONDS: String(IDLE_SECONDS) } });
  });
  afterAll(() => stack.close());

  const call = (token: string) => fetch(`${stack.url}/api/patients`, { headers: { authorization: `Bearer ${token}` } });
  const wait = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

  it('slides an active session with a refreshed token, and ends an idle one', async () => {
    const { accessToken } = await stack.login('nurse@demo.test');
    const fresh = await call(accessToken);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-refreshed-token')).toBeNull();

    // Past half of the idle window, a call gets a new token.
    await wait(IDLE_SECONDS / 2 + 1.5);
    const slid = await call(accessToken);
    expect(slid.status).toBe(200);
    const refreshed = slid.headers.get('x-refreshed-token');
    expect(refreshed).toEqual(expect.any(String));

    // The original token has now been idle past the window: refused; the refreshed one still works.
    await wait(IDLE_SECONDS / 2);
    const idle = await call(accessToken);
    expect(idle.status).toBe(401);
    expect(((await idle.json()) as { message: string }).message).toBe('Invalid or expired token');
    expect((await call(refreshed!)).status).toBe(200);
    await expect(stack.connect(accessToken)).rejects.toThrow(/Invalid or expired token/);
  }, 40_000);
});
