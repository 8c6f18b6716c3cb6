import { clockMinutes, localMinutes } from './outbound-timing';

export interface BusinessHours {
  /** Local `HH:MM`, inclusive. */
  start: string;
  /** Local `HH:MM`, exclusive. */
  end: string;
  /** ISO weekdays the practice is open, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** IANA time zone. */
  timeZone: string;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** True when `at` falls outside the organisation's business hours (its local wall clock). */
export function isOutsideBusinessHours(at: Date, hours: BusinessHours): boolean {
  const weekday = WEEKDAYS[new Intl.DateTimeFormat('en-US', { timeZone: hours.timeZone, weekday: 'short' }).format(at)];
  if (!hours.days.includes(weekday)) return true;
  const local = localMinutes(at, hours.timeZone);
  return local < clockMinutes(hours.start) || local >= clockMinutes(hours.end);
}

/** "1,2,3,4,5" ⇄ [1,2,3,4,5], as stored on the organisation. */
export function parseBusinessDays(value: string): number[] {
  return value
    .split(',')
    .map((day) => Number(day.trim()))
    .filter((day) => Number.isInteger(day) && day >= 1 && day <= 7);
}
