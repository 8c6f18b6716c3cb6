/** Twilio's RFC 2822 timestamps in GMT, e.g. `Thu, 24 Aug 2023 05:01:45 +0000`. */
export function toRfc2822(date: Date): string {
  // toUTCString() already yields "Thu, 24 Aug 2023 05:01:45 GMT"; Twilio writes the zone as +0000.
  return date.toUTCString().replace(/ GMT$/, ' +0000');
}

/** The carrier DLR "done date" Twilio forwards as `RawDlrDoneDate`: YYMMDDhhmm, minute precision, no zone. */
export function toRawDlrDoneDate(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    two(date.getUTCFullYear() % 100) +
    two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) +
    two(date.getUTCHours()) +
    two(date.getUTCMinutes())
  );
}

/**
 * A `DateSent` filter value. Twilio documents `YYYY-MM-DD`, but twilio-node sends a full
 * `YYYY-MM-DDTHH:mm:ssZ`, so both are accepted (twilio-facts §1.4).
 */
export interface DateFilterValue {
  /** The instant given, or midnight UTC for a bare date. */
  instant: Date;
  /** First instant of the UTC day the value falls in. */
  dayStart: Date;
  /** First instant of the following UTC day. */
  nextDayStart: Date;
  dateOnly: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export function parseDateFilter(value: string): DateFilterValue | null {
  const dateOnly = DATE_ONLY.test(value);
  if (!dateOnly && !DATE_TIME.test(value)) return null;
  const instant = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(instant.getTime())) return null;
  const dayStart = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
  return { instant, dayStart, nextDayStart: new Date(dayStart.getTime() + DAY_MS), dateOnly };
}

/** Twilio timestamps have whole-second precision; compare at that precision. */
export function floorToSecond(date: Date): number {
  return Math.floor(date.getTime() / 1000) * 1000;
}
