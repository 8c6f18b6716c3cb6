import type { InboxLineSummaryDto, UserSummaryDto } from '@care/shared';
import { durationLabel } from '../lib/time';

export interface SummaryTotals {
  open: number;
  unassigned: number;
  failed: number;
  /** The longest wait across every line, or null. */
  waitingLongestSince: string | null;
}

export function summaryTotals(lines: readonly InboxLineSummaryDto[]): SummaryTotals {
  let waiting: string | null = null;
  for (const line of lines) {
    if (line.waitingLongestSince && (waiting === null || Date.parse(line.waitingLongestSince) < Date.parse(waiting))) waiting = line.waitingLongestSince;
  }
  return {
    open: lines.reduce((sum, line) => sum + line.open, 0),
    unassigned: lines.reduce((sum, line) => sum + line.unassigned, 0),
    failed: lines.reduce((sum, line) => sum + line.failed, 0),
    waitingLongestSince: waiting,
  };
}

/** "12 min" since the oldest unanswered text, or "Nobody waiting". */
export function waitingLongestLabel(since: string | null, now: number = Date.now()): string {
  if (!since) return 'Nobody waiting';
  const at = Date.parse(since);
  if (Number.isNaN(at)) return 'Nobody waiting';
  return durationLabel(Math.max(0, now - at));
}

/** A wait over 30 minutes needs attention; over 2 hours it is urgent. */
export function waitingTone(since: string | null, now: number = Date.now()): 'ok' | 'warning' | 'danger' {
  if (!since) return 'ok';
  const minutes = (now - Date.parse(since)) / 60_000;
  if (minutes > 120) return 'danger';
  if (minutes > 30) return 'warning';
  return 'ok';
}

/**
 * Who a conversation of this line can go to: supervisors and admins (they see every inbox) and the
 * members of the line's team (the server checks again and refuses anyone else with a 422).
 */
export function assignableUsers(users: readonly UserSummaryDto[], lineTeamId: string | null): UserSummaryDto[] {
  return users.filter((user) => user.role !== 'member' || (lineTeamId !== null && user.teamIds.includes(lineTeamId)));
}
