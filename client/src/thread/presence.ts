import type { PresenceEventData } from '@care/shared';

export interface PresenceView {
  /** "Sam Supervisor is viewing" (others only; typists are named in `typing` instead). */
  viewing: string | null;
  /** "Sam Supervisor is typing…" */
  typing: string | null;
  /** Other users typing now, for the composer's "is replying" warning. */
  typists: string[];
  /** When the soonest typing indication lapses (ms since epoch), to re-render then; null if none. */
  nextChange: number | null;
}

export const NO_PRESENCE: PresenceView = { viewing: null, typing: null, typists: [], nextChange: null };

/** Who else is looking at or typing in a thread, as short sentences. Expired typing is dropped. */
export function describePresence(data: PresenceEventData | null, myId: string | null, now: number): PresenceView {
  if (!data) return NO_PRESENCE;
  const typingNow = data.typing.filter((entry) => entry.id !== myId && Date.parse(entry.until) > now);
  const typingIds = new Set(typingNow.map((entry) => entry.id));
  const viewers = data.viewers.filter((viewer) => viewer.id !== myId && !typingIds.has(viewer.id)).map((viewer) => viewer.name);
  const typists = typingNow.map((entry) => entry.name);
  const until = typingNow.map((entry) => Date.parse(entry.until));
  return {
    viewing: viewers.length ? `${listNames(viewers)} ${viewers.length === 1 ? 'is' : 'are'} viewing` : null,
    typing: typists.length ? `${listNames(typists)} ${typists.length === 1 ? 'is' : 'are'} typing…` : null,
    typists,
    nextChange: until.length ? Math.min(...until) : null,
  };
}

/** "Alex", "Alex and Sam", "Alex, Sam and Kim", "Alex, Sam and 3 others". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]}`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others`;
}
