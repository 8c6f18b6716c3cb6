import type { ConversationDto, InboxMessagePreview, InboxUpdatedEventData, ReadUpdatedEventData } from '@care/shared';

export const INBOX_FILTERS = ['all', 'mine', 'unassigned', 'waiting', 'closed'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

export const FILTER_LABELS: Record<InboxFilter, string> = {
  all: 'All open',
  mine: 'Mine',
  unassigned: 'Unassigned',
  waiting: 'Waiting',
  closed: 'Closed',
};

/** A conversation in the list. Events carry only a preview of the last message, so that is what is kept. */
export type InboxItem = Omit<ConversationDto, 'lastMessage'> & { lastMessage: InboxMessagePreview | null };

export interface ListScope {
  filter: InboxFilter;
  /** Only this line's conversations; null = every line the user sees. */
  lineId: string | null;
  myId: string | null;
}

export function toInboxItem(conversation: ConversationDto): InboxItem {
  const { lastMessage, ...rest } = conversation;
  return { ...rest, lastMessage: lastMessage ? preview(lastMessage) : null };
}

function preview(message: InboxMessagePreview): InboxMessagePreview {
  return { id: message.id, direction: message.direction, body: message.body, status: message.status, createdAt: message.createdAt };
}

/** The server's filter rules (InboxService.list), so live updates move conversations in and out of the shown list. */
export function matchesScope(item: InboxItem, scope: ListScope): boolean {
  if (item.lastMessageAt === null) return false;
  if (scope.lineId !== null && item.lineId !== scope.lineId) return false;
  switch (scope.filter) {
    case 'closed':
      return item.status === 'closed';
    case 'all':
      return item.status === 'open';
    case 'unassigned':
      return item.status === 'open' && item.assigneeId === null;
    case 'mine':
      return item.status === 'open' && scope.myId !== null && item.assigneeId === scope.myId;
    case 'waiting':
      return item.status === 'open' && item.waitingSince !== null;
  }
}

/** Newest activity first; the waiting filter shows the longest-waiting first. */
export function sortItems(items: InboxItem[], filter: InboxFilter): InboxItem[] {
  const time = (iso: string | null): number => (iso ? Date.parse(iso) : 0);
  return [...items].sort((a, b) => {
    const byTime = filter === 'waiting' ? time(a.waitingSince) - time(b.waitingSince) : time(b.lastMessageAt) - time(a.lastMessageAt);
    return byTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/**
 * Applies `inbox:updated` to what is known of a conversation (or creates it). A new inbound last
 * message adds one to the caller's unread count; `read:updated` sets the exact number later.
 */
export function applyInboxUpdate(current: InboxItem | undefined, event: InboxUpdatedEventData): InboxItem {
  const incoming = event.lastMessage;
  const previous = current?.lastMessage ?? null;
  const isNewInbound =
    incoming !== undefined && incoming !== null && incoming.direction === 'inbound' && incoming.id !== previous?.id && (!previous || incoming.createdAt >= previous.createdAt);
  const lastMessage = incoming === undefined ? previous : incoming === null ? null : isOlder(incoming, previous) ? previous : preview(incoming);
  return {
    id: event.conversationId,
    lineId: event.lineId,
    patientId: event.patientId,
    patientName: event.patientName,
    phoneNumber: event.phoneNumber,
    status: event.status,
    assigneeId: event.assigneeId,
    assigneeName: event.assigneeName,
    unread: event.unread,
    myUnread: (current?.myUnread ?? 0) + (isNewInbound ? 1 : 0),
    lastMessage,
    lastMessageAt: event.lastMessageAt,
    waitingSince: event.waitingSince,
  };
}

function isOlder(incoming: InboxMessagePreview, previous: InboxMessagePreview | null): boolean {
  return previous !== null && incoming.id !== previous.id && incoming.createdAt < previous.createdAt;
}

/** The caller's read state changed (any of their tabs): the exact unread count. */
export function applyReadUpdate(current: InboxItem, event: ReadUpdatedEventData): InboxItem {
  return current.myUnread === event.myUnread ? current : { ...current, myUnread: event.myUnread };
}

/** Puts an updated conversation into the shown list, or takes it out when it no longer matches. */
export function placeInList(items: readonly InboxItem[], item: InboxItem, scope: ListScope): InboxItem[] {
  const others = items.filter((candidate) => candidate.id !== item.id);
  if (!matchesScope(item, scope)) return others.length === items.length ? [...items] : others;
  return sortItems([...others, item], scope.filter);
}

/** Client-side search over the loaded list: patient name words, or digits of the number. */
export function searchItems(items: readonly InboxItem[], query: string): InboxItem[] {
  const trimmed = query.trim().toLowerCase();
  if (!trimmed) return [...items];
  const digits = trimmed.replace(/\D/gu, '');
  const words = trimmed.split(/\s+/u);
  return items.filter((item) => {
    const name = (item.patientName ?? '').toLowerCase();
    if (name && words.every((word) => name.includes(word))) return true;
    return digits.length >= 3 && item.phoneNumber.replace(/\D/gu, '').includes(digits);
  });
}

/** Conversations with something the caller has not read. */
export function unreadCount(items: readonly InboxItem[]): number {
  return items.filter((item) => item.myUnread > 0).length;
}
