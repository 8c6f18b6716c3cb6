import { Injectable } from '@nestjs/common';

const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60 * 1000;
const MAX_TRACKED = 50_000;

/**
 * Brute-force protection for login: after 5 failed attempts for one email from one address in
 * 15 minutes, that pair is refused until the window passes. Only failures count, so busy shared
 * workstations are not locked out by normal use. Kept per process (documented): behind N
 * replicas an attacker gets at most N × 5 tries per window.
 */
@Injectable()
export class LoginAttempts {
  private readonly failures = new Map<string, number[]>();

  /** Milliseconds until the pair may try again, or 0 when allowed now. */
  retryAfterMs(email: string, address: string, now = Date.now()): number {
    const recent = this.recent(this.key(email, address), now);
    return recent.length >= MAX_FAILURES ? recent[0] + WINDOW_MS - now : 0;
  }

  recordFailure(email: string, address: string, now = Date.now()): void {
    const key = this.key(email, address);
    if (!this.failures.has(key) && this.failures.size >= MAX_TRACKED) this.failures.delete(this.failures.keys().next().value as string);
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  recordSuccess(email: string, address: string): void {
    this.failures.delete(this.key(email, address));
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => now - at < WINDOW_MS);
  }

  private key(email: string, address: string): string {
    return `${email.trim().toLowerCase()}|${address}`;
  }
}
