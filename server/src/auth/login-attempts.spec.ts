import { LoginAttempts } from './login-attempts';

describe('LoginAttempts', () => {
  it('locks an email+address pair after 5 failures for 15 minutes, then lets it try again', () => {
    const attempts = new LoginAttempts();
    const t0 = 1_000_000;
    for (let i = 0; i < 4; i += 1) attempts.recordFailure('a@b.c', '1.2.3.4', t0 + i);
    expect(attempts.retryAfterMs('a@b.c', '1.2.3.4', t0 + 10)).toBe(0);
    attempts.recordFailure('A@B.c', '1.2.3.4', t0 + 5);
    expect(attempts.retryAfterMs('a@b.c', '1.2.3.4', t0 + 10)).toBe(15 * 60 * 1000 - 10);
    // Other addresses and other emails are not affected.
    expect(attempts.retryAfterMs('a@b.c', '5.6.7.8', t0 + 10)).toBe(0);
    expect(attempts.retryAfterMs('x@b.c', '1.2.3.4', t0 + 10)).toBe(0);
    expect(attempts.retryAfterMs('a@b.c', '1.2.3.4', t0 + 15 * 60 * 1000 + 1)).toBe(0);
  });

  it('forgets failures after a success', () => {
    const attempts = new LoginAttempts();
    for (let i = 0; i < 5; i += 1) attempts.recordFailure('a@b.c', 'ip', 100 + i);
    attempts.recordSuccess('a@b.c', 'ip');
    expect(attempts.retryAfterMs('a@b.c', 'ip', 200)).toBe(0);
  });
});
