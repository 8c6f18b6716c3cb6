import type { MessageStatus } from '@care/shared';
import type { FaultPatch, FaultSettings } from './faults';

export interface SimulatorLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface MessagingServiceConfig {
  /** `MG` + 32 hex digits. */
  sid: string;
  /** E.164 numbers in the service's sender pool; they count as owned. */
  numbers: string[];
}

export interface TwilioSimulatorOptions {
  /** 0 = a random free port. Default 3001. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default {@link SIMULATOR_ACCOUNT_SID}. */
  accountSid?: string;
  /** Default {@link SIMULATOR_AUTH_TOKEN}. */
  authToken?: string;
  /** Where inbound SMS are POSTed (the app's /webhooks/twilio/inbound). */
  inboundWebhookUrl?: string;
  /** E.164 numbers this account owns (the lines). +15005550006 is always owned. */
  ownedNumbers?: string[];
  messagingServices?: MessagingServiceConfig[];
  /** Delay between lifecycle steps. Default 300 ms; tests use ~20 ms. */
  timing?: { stepMs: number };
  /** Never receives message bodies or phone numbers at info level. Default: silent. */
  logger?: SimulatorLogger;
}

/** Twilio's `direction` values the simulator produces. */
export type TwilioDirection = 'inbound' | 'outbound-api' | 'outbound-reply';

/** The simulator's mutable record of one message; the Twilio JSON and the /sim view derive from it. */
export interface MessageRecord {
  sid: string;
  direction: TwilioDirection;
  /** Null while a Messaging Service has not picked a sender yet (`accepted`). */
  from: string | null;
  to: string;
  body: string;
  mediaUrls: string[];
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  messagingServiceSid: string | null;
  numSegments: number;
  statusCallback: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

/** A read-only copy of a message for tests and the /sim API (dates as ISO 8601). */
export interface SimulatedMessage {
  readonly sid: string;
  readonly direction: TwilioDirection;
  readonly from: string | null;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
  readonly status: MessageStatus;
  readonly errorCode: number | null;
  readonly errorMessage: string | null;
  readonly messagingServiceSid: string | null;
  readonly numSegments: number;
  readonly statusCallback: string | null;
  readonly dateCreated: string;
  readonly dateUpdated: string;
  readonly dateSent: string | null;
}

/** `outbound` matches both `outbound-api` and `outbound-reply`. */
export type DirectionFilter = TwilioDirection | 'outbound';

export interface MessageFilter {
  to?: string;
  from?: string;
  direction?: DirectionFilter;
}

export interface InboundSmsInput {
  from: string;
  to: string;
  body: string;
  mediaUrls?: string[];
}

export interface InboundSmsResult {
  sid: string;
  /** HTTP status the app's inbound webhook answered. */
  webhookStatus: number;
}

/** A running (or startable) simulator; see contract §5. */
export interface TwilioSimulator {
  /** e.g. http://127.0.0.1:3001 (the real port once started with port 0). */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  start(): Promise<void>;
  /** Stops timers, pending callbacks and sockets; leaves no open handles. */
  close(): Promise<void>;
  setOwnedNumbers(numbers: string[]): void;
  ownedNumbers(): string[];
  setInboundWebhookUrl(url: string): void;
  /** A patient texts a line. Rejects with InboundValidationError or InboundWebhookError. */
  sendInbound(input: InboundSmsInput): Promise<InboundSmsResult>;
  /** Every message, oldest first, optionally filtered. */
  messages(filter?: MessageFilter): SimulatedMessage[];
  /** What the app sent through the REST API (`outbound-api`), oldest first. */
  sentMessages(): SimulatedMessage[];
  message(sid: string): SimulatedMessage | undefined;
  /** Merges into the current faults and returns the result. */
  setFaults(patch: FaultPatch): FaultSettings;
  clearFaults(): void;
  faults(): FaultSettings;
  /** Clears messages, faults, opt-outs and pending lifecycle steps. */
  reset(): void;
  /** Resolves when no lifecycle step or status callback is pending. */
  idle(): Promise<void>;
}
