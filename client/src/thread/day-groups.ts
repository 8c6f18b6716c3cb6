import type { ThreadEntry } from './message-list';

export interface DayGroup {
  /** `YYYY-MM-DD` in local time; stable key for `{#each}`. */
  key: string;
  label: string;
  entries: ThreadEntry[];
}

/** Consecutive entries grouped by local calendar day; entries must already be in order. */
export function groupByDay(entries: readonly ThreadEntry[], now: Date = new Date()): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const entry of entries) {
    const date = new Date(entry.message.createdAt);
    const key = Number.isNaN(date.getTime()) ? 'unknown' : dayKey(date);
    let group = groups[groups.length - 1];
    if (!group || group.key !== key) {
      group = { key, label: key === 'unknown' ? 'Unknown date' : dayLabel(date, now), entries: [] };
      groups.push(group);
    }
    group.entries.push(entry);
  }
  return groups;
}

export function dayKey(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "Today", "Yesterday", "Monday, March 3" (this year) or "March 3, 2024". */
export function dayLabel(date: Date, now: Date = new Date()): string {
  const today = startOfDay(now);
  const day = startOfDay(date);
  const days = Math.round((today.getTime() - day.getTime()) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (date.getFullYear() === now.getFullYear()) {
    return date.toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric' });
  }
  return date.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric' });
}

/** "9:05 AM" */
export function timeLabel(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
}

function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}
