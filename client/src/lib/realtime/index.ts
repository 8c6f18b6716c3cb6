export { EventStream, SERVER_EVENT_TYPES, parseEnvelope } from './event-stream';
export type { EventHandler, ServerEvent, ServerEventMap, ServerEventType } from './event-stream';
export { RealtimeClient, isAuthError, normaliseAck } from './realtime-client';
export type { AckOutcome, ConnectionStatus, RealtimeClientOptions, ResyncReason, WatchCallbacks } from './realtime-client';
export { socketTransport } from './socket-transport';
export type { RealtimeTransport, TransportFactory, TransportHandlers } from './transport';
export { LiveConnection } from './connection.svelte';
