import { isForwardStatus, type MessageDto, type MessageStatusEventData, type Page } from '@care/shared';

/** One bubble in a thread. */
export interface ThreadEntry {
  /** Stable for the bubble's life, also across optimistic → stored (keyed `{#each}`). */
  key: string;
  message: MessageDto;
  /** Shown before the server answered; `message.id` is not real yet. */
  pending: boolean;
}

export function entryKey(message: Pick<MessageDto, 'id' | 'clientMessageId'>): string {
  return message.clientMessageId ? `c:${message.clientMessageId}` : `m:${message.id}`;
}

export interface PendingDraft {
  clientMessageId: string;
  patientId: string;
  body: string;
  to: string;
  lineId: string | null;
  sentBy: { id: string; name: string } | null;
  createdAt: string;
}

/** The optimistic bubble shown the moment Send is pressed. */
export function pendingEntry(draft: PendingDraft): ThreadEntry {
  const message: MessageDto = {
    id: `pending:${draft.clientMessageId}`,
    patientId: draft.patientId,
    conversationId: '',
    direction: 'outbound',
    body: draft.body,
    from: '',
    to: draft.to,
    lineId: draft.lineId ?? '',
    status: 'queued',
    errorCode: null,
    errorMessage: null,
    segments: 0,
    encoding: 'GSM-7',
    channel: 'sms',
    media: [],
    sentBy: draft.sentBy,
    clientMessageId: draft.clientMessageId,
    createdAt: draft.createdAt,
    twilioSid: null,
  };
  return { key: entryKey(message), message, pending: true };
}

export function addPending(entries: readonly ThreadEntry[], draft: PendingDraft): ThreadEntry[] {
  if (entries.some((entry) => entry.message.clientMessageId === draft.clientMessageId)) return [...entries];
  return sortEntries([...entries, pendingEntry(draft)]);
}

/** The send failed: the optimistic bubble goes (the text returns to the composer). */
export function removePending(entries: readonly ThreadEntry[], clientMessageId: string): ThreadEntry[] {
  return entries.filter((entry) => !(entry.pending && entry.message.clientMessageId === clientMessageId));
}

/**
 * Adds or updates stored messages, from a page, a 202 answer or a `message:new` event.
 * One bubble per message: matched by `id`, or by `clientMessageId` for the optimistic one,
 * whichever arrives first. A status never moves backwards (a replayed `message:new` may
 * carry an older status than a `message:status` already applied).
 */
export function upsertMessages(entries: readonly ThreadEntry[], incoming: readonly MessageDto[]): ThreadEntry[] {
  if (incoming.length === 0) return [...entries];
  const next = [...entries];
  const byId = new Map<string, number>();
  const byClientId = new Map<string, number>();
  const index = (entry: ThreadEntry, position: number): void => {
    if (!entry.pending) byId.set(entry.message.id, position);
    if (entry.message.clientMessageId) byClientId.set(entry.message.clientMessageId, position);
  };
  next.forEach(index);

  for (const message of incoming) {
    const position = byId.get(message.id) ?? (message.clientMessageId ? byClientId.get(message.clientMessageId) : undefined);
    if (position === undefined) {
      const entry: ThreadEntry = { key: entryKey(message), message, pending: false };
      next.push(entry);
      index(entry, next.length - 1);
      continue;
    }
    const current = next[position]!;
    const merged: ThreadEntry = {
      key: current.key,
      message: current.pending ? message : mergeMessage(current.message, message),
      pending: false,
    };
    next[position] = merged;
    index(merged, position);
  }
  // A stored message whose event carried no clientMessageId may have landed beside its
  // optimistic bubble; once any stored copy knows the key, the optimistic one goes.
  const storedClientIds = new Set(next.filter((entry) => !entry.pending).map((entry) => entry.message.clientMessageId));
  return sortEntries(next.filter((entry) => !(entry.pending && storedClientIds.has(entry.message.clientMessageId))));
}

/** Newer fields win, except a status that would move backwards. */
export function mergeMessage(current: MessageDto, incoming: MessageDto): MessageDto {
  const merged = { ...incoming, clientMessageId: incoming.clientMessageId ?? current.clientMessageId };
  if (incoming.status === current.status || isForwardStatus(current.status, incoming.status)) return merged;
  return { ...merged, status: current.status, errorCode: current.errorCode, errorMessage: current.errorMessage };
}

/** Applies `message:status` in place; unknown messages and backward moves are ignored. */
export function applyStatus(entries: readonly ThreadEntry[], event: MessageStatusEventData): ThreadEntry[] {
  let changed = false;
  const next = entries.map((entry) => {
    if (entry.pending || entry.message.id !== event.messageId) return entry;
    const { message } = entry;
    const forward = isForwardStatus(message.status, event.status);
    const sameWithNewError =
      message.status === event.status && (message.errorCode !== event.errorCode || message.errorMessage !== event.errorMessage);
    if (!forward && !sameWithNewError) return entry;
    changed = true;
    return { ...entry, message: { ...message, status: event.status, errorCode: event.errorCode, errorMessage: event.errorMessage } };
  });
  return changed ? next : [...entries];
}

/**
 * Merges a freshly loaded newest page (first load, or a reload after missed events).
 * When the page connects to what is shown (it shares a message, or it is the whole
 * history), everything is kept and paging back goes on as before. Otherwise events
 * were missed across more than a page: older entries go, so no gap can hide between
 * them and the page, and paging back must `restart` from this page. Entries newer
 * than the page (arrived live meanwhile) and pending ones always stay.
 */
export function mergeNewestPage(entries: readonly ThreadEntry[], page: Page<MessageDto>): { entries: ThreadEntry[]; restart: boolean } {
  const stored = entries.filter((entry) => !entry.pending);
  const known = new Set(stored.map((entry) => entry.message.id));
  if (stored.length === 0) return { entries: upsertMessages(entries, page.items), restart: true };
  if (page.nextCursor === null || page.items.some((message) => known.has(message.id))) {
    return { entries: upsertMessages(entries, page.items), restart: false };
  }
  const oldest = Math.min(...page.items.map((message) => timeOf(message.createdAt)));
  const kept = page.items.length === 0 ? entries : entries.filter((entry) => entry.pending || timeOf(entry.message.createdAt) >= oldest);
  return { entries: upsertMessages(kept, page.items), restart: true };
}

/** Stored messages by time (ties by id), optimistic ones last in the order they were sent. */
export function sortEntries(entries: ThreadEntry[]): ThreadEntry[] {
  return entries
    .map((entry, position) => ({ entry, position }))
    .sort((a, b) => {
      if (a.entry.pending !== b.entry.pending) return a.entry.pending ? 1 : -1;
      if (a.entry.pending) return a.position - b.position;
      const byTime = timeOf(a.entry.message.createdAt) - timeOf(b.entry.message.createdAt);
      if (byTime !== 0) return byTime;
      return a.entry.message.id < b.entry.message.id ? -1 : a.entry.message.id > b.entry.message.id ? 1 : 0;
    })
    .map(({ entry }) => entry);
}

function timeOf(iso: string): number {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? 0 : time;
}
