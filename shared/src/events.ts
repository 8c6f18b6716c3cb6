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
  unread: number;
  assigneeId: string | null;
  lastMessageAt: string | null;
}

export interface NotificationEventData {
  kind: 'inbound' | 'failed' | 'opt-out';
  patientId: string | null;
  messageId: string | null;
  text: string;
  unreadTotal: number;
}

export interface PresenceEventData {
  patientId: string;
  viewers: { id: string; name: string }[];
  typing: { id: string; name: string }[];
}

export interface PushedEventDataByType {
  'message:new': MessageDto;
  'message:status': MessageStatusEventData;
  'consent:changed': ConsentChangedEventData;
  'inbox:updated': InboxUpdatedEventData;
  notification: NotificationEventData;
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
  presence: (event: EventEnvelope<'presence', PresenceEventData>) => void;
}

export interface ClientToServerEvents {
  'thread:watch': (payload: { patientId: string }, ack: Ack) => void;
  'thread:unwatch': (payload: { patientId: string }, ack: Ack) => void;
  'thread:typing': (payload: { patientId: string }, ack: Ack) => void;
  sync: (payload: { afterEventId: number }, ack: Ack<{ events: PushedEvent[] }>) => void;
}

/** How far behind a `sync` may be before the client is told to reload (`resync`). */
export const MAX_SYNC_EVENTS = 1000;
