/** Typed, frozen configuration slices. Only `env.ts` reads process.env to build them. */
export interface DatabaseConfig {
  /** Set: use this server. Unset: start an embedded PostgreSQL under `dataDir`. */
  url: string | null;
}

export interface TwilioConfig {
  /** `simulator`: the built-in simulator with its fixed public credentials. */
  mode: 'simulator' | 'real';
  accountSid: string;
  authToken: string;
  apiBaseUrl: string;
  simulatorPort: number;
  /** The SDK's request timeout; a send that times out is reconciled before any retry. */
  timeoutMs: number;
}

export interface HttpConfig {
  port: number;
  publicBaseUrl: string;
}

export interface MessagingConfig {
  /** Above this many segments a text goes out as one MMS (Twilio's SendAsMms). */
  mmsSegmentThreshold: number;
}

/** The outbound queue: worker, retries with exponential backoff and jitter, polling. */
export interface OutboundConfig {
  /** False: messages are stored and queued but this process sends nothing (another process does). */
  workerEnabled: boolean;
  /** Twilio calls per message before it is `failed` (429, 5xx, unreachable). */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How often an idle worker looks for due jobs. */
  pollMs: number;
  /** Jobs one process works on at once (most of them wait for their line's send slot). */
  concurrency: number;
}

/** Listing recent messages from Twilio to store what webhooks missed. */
export interface ReconciliationConfig {
  /** Seconds between runs; 0 disables the periodic run. */
  intervalSeconds: number;
}

export interface AppConfig {
  http: HttpConfig;
  database: DatabaseConfig;
  twilio: TwilioConfig;
  messaging: MessagingConfig;
  reconciliation: ReconciliationConfig;
  outbound: OutboundConfig;
  redisUrl: string | null;
  jwtSecret: string | null;
  dataDir: string;
  seedDemo: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** `pretty` for people at a terminal, `json` (one object per line) for log collectors. */
  logFormat: 'json' | 'pretty';
  /** A session ends after this many seconds without an API call (tokens slide while in use). */
  sessionIdleSeconds: number;
  /** Bearer token that protects /metrics; null disables the endpoint. */
  metricsToken: string | null;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
