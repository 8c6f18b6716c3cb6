const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "waiting 12 min", "waiting 1 h 5 min", "waiting 3 days": how long a patient's text has gone unanswered. */
export function waitingLabel(sinceIso: string | null, now: number = Date.now()): string | null {
  if (!sinceIso) return null;
  const since = Date.parse(sinceIso);
  if (Number.isNaN(since)) return null;
  return `waiting ${durationLabel(Math.max(0, now - since))}`;
}

/** "<1 min", "12 min", "1 h 5 min", "3 h", "2 days". */
export function durationLabel(ms: number): string {
  if (ms < MINUTE) return '<1 min';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  const days = Math.floor(ms / DAY);
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** A list timestamp: "2:15 PM" today, "Yesterday", "Mar 3" this year, else "Mar 3, 2024". */
export function shortTime(iso: string | null, now: Date = new Date()): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  if (date.getTime() >= startOfToday) return date.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
  if (date.getTime() >= startOfToday - DAY) return 'Yesterday';
  if (date.getFullYear() === now.getFullYear()) return date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
  return date.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
}

/** When a scheduled text goes: "8:00 AM" today, "tomorrow at 8:00 AM", else "Tue, Mar 4 at 8:00 AM". */
export function whenLabel(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const time = date.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const dayOffset = Math.floor((date.getTime() - startOfToday) / DAY);
  if (dayOffset === 0) return time;
  if (dayOffset === 1) return `tomorrow at ${time}`;
  return `${date.toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric' })} at ${time}`;
}

/**
 * The value of an `<input type="datetime-local">` (local wall time, no zone) as an ISO 8601
 * instant with its offset, as `sendAt` requires; null when empty or not a date.
 */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/u.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A `datetime-local` value for an instant (local wall time, minutes). */
export function isoToLocalInput(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
