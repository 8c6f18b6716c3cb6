/**
 * When an outbound text may go: quiet hours in the patient's time zone, and the retry backoff.
 * Pure functions (unit-tested in outbound-timing.spec.ts).
 */

export interface QuietHours {
  /** Local `HH:MM`, inclusive. */
  start: string;
  /** Local `HH:MM`, exclusive. Earlier than `start` means the window spans midnight. */
  end: string;
  /** IANA time zone, e.g. `America/New_York`. */
  timeZone: string;
}

const MINUTES_PER_DAY = 24 * 60;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The moment quiet hours end if `at` falls inside them (local wall time in `timeZone`), else null.
 * Daylight-saving changes are handled by checking the local time of the answer and correcting.
 */
export function quietHoursEnd(at: Date, quiet: QuietHours): Date | null {
  const start = clockMinutes(quiet.start);
  const end = clockMinutes(quiet.end);
  if (start === end) return null;
  const local = localMinutes(at, quiet.timeZone);
  const inside = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inside) return null;
  const ahead = (end - local + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  let candidate = new Date(at.getTime() + ahead * 60_000);
  // Across a DST change the wall clock moved by an hour: land on `end` local time exactly.
  let drift = end - localMinutes(candidate, quiet.timeZone);
  if (drift > MINUTES_PER_DAY / 2) drift -= MINUTES_PER_DAY;
  if (drift < -MINUTES_PER_DAY / 2) drift += MINUTES_PER_DAY;
  candidate = new Date(candidate.getTime() + drift * 60_000);
  candidate.setUTCSeconds(0, 0);
  return candidate;
}

export function clockMinutes(value: string): number {
  const match = HH_MM.exec(value);
  if (!match) throw new Error(`not a HH:MM time: ${value}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Minutes since local midnight (with seconds as a fraction). */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return (part('hour') % 24) * 60 + part('minute') + part('second') / 60;
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * min(max, base * 2^(n-1)), so retries of many messages after one outage do not arrive together.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
