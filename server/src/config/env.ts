import { resolve } from 'node:path';
import { z } from 'zod';
import type { AppConfig } from './app-config';

export const SIMULATOR_ACCOUNT_SID = 'AC00000000000000000000000000000000';
export const SIMULATOR_AUTH_TOKEN = '00000000000000000000000000000000';

/** A bad environment variable: start-up stops with this one line. */
export class ConfigError extends Error {}

const port = z.coerce.number().int().min(0).max(65535);
const httpUrl = z.url({ protocol: /^https?$/ });
const postgresUrl = z.url({ protocol: /^postgres(ql)?$/ });
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  PORT: port.default(3000),
  DATABASE_URL: postgresUrl.optional(),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'is too short to be a Twilio auth token').optional(),
  TWILIO_API_BASE_URL: httpUrl.optional(),
  TWILIO_SIM_PORT: port.default(3001),
  PUBLIC_BASE_URL: httpUrl.optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  SEED_DEMO: bool.optional(),
  MMS_SEGMENT_THRESHOLD: z.coerce.number().int().min(1).max(10).default(3),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  METRICS_TOKEN: z.string().min(16).optional(),
  SESSION_IDLE_SECONDS: z.coerce.number().int().min(10).max(43_200).default(1800),
  NODE_ENV: z.string().optional(),
  TWILIO_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  OUTBOUND_WORKER: bool.optional(),
  OUTBOUND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  OUTBOUND_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(2_000),
  OUTBOUND_RETRY_MAX_MS: z.coerce.number().int().min(1).max(86_400_000).default(300_000),
  OUTBOUND_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  OUTBOUND_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(25),
});

/** What a valid value looks like, for the one-line error (zod's own text is generic). */
const EXPECTED: Partial<Record<keyof z.input<typeof envSchema>, string>> = {
  PORT: 'must be a port number from 0 to 65535',
  TWILIO_SIM_PORT: 'must be a port number from 0 to 65535',
  DATABASE_URL: 'must be a postgres:// or postgresql:// URL',
  TWILIO_API_BASE_URL: 'must be an http(s):// URL',
  PUBLIC_BASE_URL: 'must be an http(s):// URL, e.g. https://sms.example.org',
  REDIS_URL: 'must be a redis:// or rediss:// URL',
  SEED_DEMO: 'must be true or false',
  MMS_SEGMENT_THRESHOLD: 'must be a whole number from 1 to 10',
  LOG_LEVEL: 'must be one of debug, info, warn, error',
  RECONCILE_INTERVAL_SECONDS: 'must be a whole number of seconds from 0 (off) to 86400',
  LOG_FORMAT: 'must be json or pretty',
  METRICS_TOKEN: 'must be at least 16 characters',
  SESSION_IDLE_SECONDS: 'must be a whole number of seconds from 10 to 43200',
  TWILIO_TIMEOUT_MS: 'must be a whole number of milliseconds from 100 to 120000',
  OUTBOUND_WORKER: 'must be true or false',
  OUTBOUND_MAX_ATTEMPTS: 'must be a whole number from 1 to 50',
  OUTBOUND_RETRY_BASE_MS: 'must be a whole number of milliseconds from 1 to 3600000',
  OUTBOUND_RETRY_MAX_MS: 'must be a whole number of milliseconds from 1 to 86400000',
  OUTBOUND_POLL_MS: 'must be a whole number of milliseconds from 10 to 60000',
  OUTBOUND_CONCURRENCY: 'must be a whole number from 1 to 500',
};

/** Parses and validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]) as keyof typeof EXPECTED;
    throw new ConfigError(`Invalid environment variable ${name}: ${EXPECTED[name] ?? issue.message}`);
  }
  const e = parsed.data;
  if (Boolean(e.TWILIO_ACCOUNT_SID) !== Boolean(e.TWILIO_AUTH_TOKEN)) {
    const missing = e.TWILIO_ACCOUNT_SID ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID';
    throw new ConfigError(`Invalid environment variable ${missing}: set both TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or neither`);
  }
  const simulator = !e.TWILIO_ACCOUNT_SID;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');

  return Object.freeze({
    http: Object.freeze({ port: e.PORT, publicBaseUrl }),
    database: Object.freeze({ url: e.DATABASE_URL ?? null }),
    twilio: Object.freeze({
      mode: simulator ? 'simulator' : 'real',
      accountSid: e.TWILIO_ACCOUNT_SID ?? SIMULATOR_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN ?? SIMULATOR_AUTH_TOKEN,
      apiBaseUrl: (e.TWILIO_API_BASE_URL ?? (simulator ? `http://127.0.0.1:${e.TWILIO_SIM_PORT}` : 'https://api.twilio.com')).replace(/\/+$/, ''),
      simulatorPort: e.TWILIO_SIM_PORT,
      timeoutMs: e.TWILIO_TIMEOUT_MS,
    }),
    messaging: Object.freeze({ mmsSegmentThreshold: e.MMS_SEGMENT_THRESHOLD }),
    reconciliation: Object.freeze({ intervalSeconds: e.RECONCILE_INTERVAL_SECONDS }),
    outbound: Object.freeze({
      workerEnabled: e.OUTBOUND_WORKER ?? true,
      maxAttempts: e.OUTBOUND_MAX_ATTEMPTS,
      retryBaseMs: e.OUTBOUND_RETRY_BASE_MS,
      retryMaxMs: Math.max(e.OUTBOUND_RETRY_MAX_MS, e.OUTBOUND_RETRY_BASE_MS),
      pollMs: e.OUTBOUND_POLL_MS,
      concurrency: e.OUTBOUND_CONCURRENCY,
    }),
    redisUrl: e.REDIS_URL ?? null,
    jwtSecret: e.JWT_SECRET ?? null,
    dataDir: resolve(e.DATA_DIR),
    seedDemo: e.SEED_DEMO ?? !e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY && e.NODE_ENV !== 'production' ? 'pretty' : 'json'),
    metricsToken: e.METRICS_TOKEN ?? null,
    sessionIdleSeconds: e.SESSION_IDLE_SECONDS,
  } satisfies AppConfig);
}
