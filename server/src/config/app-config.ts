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
}

export interface HttpConfig {
  port: number;
  publicBaseUrl: string;
}

export interface MessagingConfig {
  /** Above this many segments a text goes out as one MMS (Twilio's SendAsMms). */
  mmsSegmentThreshold: number;
}

export interface AppConfig {
  http: HttpConfig;
  database: DatabaseConfig;
  twilio: TwilioConfig;
  messaging: MessagingConfig;
  redisUrl: string | null;
  jwtSecret: string | null;
  dataDir: string;
  seedDemo: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export const APP_CONFIG = Symbol('APP_CONFIG');
