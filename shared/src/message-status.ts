import type { MessageStatus } from './messages';

/**
 * Twilio sends status callbacks as separate requests with no ordering guarantee,
 * so a status only ever moves forward along this rank (twilio-facts §2.2).
 */
const STATUS_RANK: Record<MessageStatus, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  receiving: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  received: 4,
  read: 5,
};

export const FINAL_STATUSES: ReadonlySet<MessageStatus> = new Set([
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'received',
  'read',
]);

export function statusRank(status: MessageStatus): number {
  return STATUS_RANK[status];
}

/** True when moving from `current` to `next` is progress rather than a late or duplicate callback. */
export function isForwardStatus(current: MessageStatus, next: MessageStatus): boolean {
  if (current === next) return false;
  if (FINAL_STATUSES.has(current) && next !== 'read') return false;
  return STATUS_RANK[next] > STATUS_RANK[current];
}

export function isMessageStatus(value: string): value is MessageStatus {
  return value in STATUS_RANK;
}
