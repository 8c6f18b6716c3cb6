/** Socket.IO contract (contract §4), typed once for server and client. */
import type { MessageDto, MessageStatus } from './messages';

export interface EventEnvelope<TType extends string = string, TData = unknown> {
  eventId: number;
  type: TType;
  at: string;
  data: TData;
}

export interface MessageStatusEventData {
  messageId: string;
  patientId: string | null;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
}

export interface ConsentChangedEventData {
  patientId: string | null;
  phoneId: string | null;
  number: string;
  optedOut: boolean;
  source: string;
  at: string;
}

export interface InboxUpdatedEventData {
  lineId: string;
  conversationId: string;
  /** Inbound messages the team has not answered yet (a staff reply resets it); per-user unread is `read:updated`. */
  unread: number;
  assigneeId: string | null;
  lastMessageAt: string | null;
  status: 'open' | 'closed';
  /** Since when the patient's oldest unanswered inbound message waits; null when answered. */
  waitingSince: string | null;
  patientId: string | null;
  patientName: string | null;
  /** The patient's (or unknown sender's) number, E.164. */
  phoneNumber: string;
  assigneeName: string | null;
  /** The newest message, shortened; absent when the change did not touch it (keep what you have). */
  lastMessage?: InboxMessagePreview | null;
}

export interface InboxMessagePreview {
  id: string;
  direction: 'inbound' | 'outbound';
  /** At most 160 characters of the body. */
  body: string;
  status: MessageStatus;
  createdAt: string;
}

/** Sent to one user (all their tabs): their read state of one conversation changed. */
export interface ReadUpdatedEventData {
  conversationId: string;
  lineId: string;
  patientId: string | null;
  lastReadAt: string;
  /** Inbound messages of the conversation this user has not read. */
  myUnread: number;
}

/** Sent to one user: notifications were marked read (one, or all when `all`). */
export interface NotificationReadEventData {
  notificationIds: string[];
  all: boolean;
  unreadTotal: number;
}

export type NotificationKind = 'inbound' | 'failed' | 'opt-out';

export interface NotificationEventData {
  kind: NotificationKind;
  patientId: string | null;
  messageId: string | null;
  text: string;
  /** The user's unread notifications after this one. */
  unreadTotal: number;
  /** The notification's id (for `POST /api/notifications/:id/read`). */
  id: string;
  conversationId: string | null;
  createdAt: string;
}

export interface PresenceEventData {
  patientId: string;
  viewers: { id: string; name: string }[];
  /** `until`: when this typing indication lapses unless renewed (clients may drop it then). */
  typing: { id: string; name: string; until: string }[];
}

export interface PushedEventDataByType {
  'message:new': MessageDto;
  'message:status': MessageStatusEventData;
  'consent:changed': ConsentChangedEventData;
  'inbox:updated': InboxUpdatedEventData;
  notification: NotificationEventData;
  'read:updated': ReadUpdatedEventData;
  'notification:read': NotificationReadEventData;
}

export type PushedEventType = keyof PushedEventDataByType;

export type PushedEvent = {
  [K in PushedEventType]: EventEnvelope<K, PushedEventDataByType[K]>;
}[PushedEventType];

export type Ack<T extends object = object> = (response: ({ ok: true } & T) | { ok: false; error: string }) => void;

export interface ServerToClientEvents {
  'message:new': (event: EventEnvelope<'message:new', MessageDto>) => void;
  'message:status': (event: EventEnvelope<'message:status', MessageStatusEventData>) => void;
  'consent:changed': (event: EventEnvelope<'consent:changed', ConsentChangedEventData>) => void;
  'inbox:updated': (event: EventEnvelope<'inbox:updated', InboxUpdatedEventData>) => void;
  notification: (event: EventEnvelope<'notification', NotificationEventData>) => void;
  'read:updated': (event: EventEnvelope<'read:updated', ReadUpdatedEventData>) => void;
  'notification:read': (event: EventEnvelope<'notification:read', NotificationReadEventData>) => void;
  /** Ephemeral: not in the event log, `eventId` is 0 and must not be used as a sync position. */
  presence: (event: EventEnvelope<'presence', PresenceEventData>) => void;
}

export interface ClientToServerEvents {
  'thread:watch': (payload: { patientId: string }, ack: Ack) => void;
  'thread:unwatch': (payload: { patientId: string }, ack: Ack) => void;
  'thread:typing': (payload: { patientId: string }, ack: Ack) => void;
  sync: (payload: { afterEventId: number }, ack: Ack<{ events: PushedEvent[] }>) => void;
}

/** `eventId` of ephemeral events (presence): never stored, never a sync position. */
export const EPHEMERAL_EVENT_ID = 0;

/** How long a `thread:typing` keeps the user "typing" unless renewed. */
export const TYPING_TTL_MS = 5000;

/** How far behind a `sync` may be before the client is told to reload (`resync`). */
export const MAX_SYNC_EVENTS = 1000;

/**
 * A reconnecting client asks `sync` for events after (its highest eventId − this), not after its
 * highest id: transactions commit in id order, but their events can be pushed a few milliseconds
 * out of order, so an event just below the highest one seen may not have arrived yet when the
 * connection dropped. The overlap replays it; events already seen are dropped by their eventId.
 */
export const SYNC_REPLAY_OVERLAP = 500;
