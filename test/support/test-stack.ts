import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger } from '@nestjs/common';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LoginResponse, ServerToClientEvents } from '@care/shared';
import { loadConfig } from '../../server/src/config/env';
import { startStack, type RunningStack } from '../../server/src/stack';
import { createTestDatabase, disableQuietHours } from './test-database';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestStack extends RunningStack {
  login(email: string, password?: string): Promise<LoginResponse>;
  /** fetch against the app with an optional bearer token; JSON in, parsed JSON out. */
  request(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  connect(token: string): Promise<TestSocket>;
  close(): Promise<void>;
}

/**
 * The real product on a fresh database: same start-up path as `npm start` (migrations, demo seed,
 * built-in Twilio simulator over HTTP), on free ports, with fast simulated delivery.
 */
export async function startTestStack(
  options: {
    clientDist?: string | null;
    env?: Record<string, string>;
    logLines?: string[];
    /** Start on this database (e.g. a restart on the database of a stack closed before); the caller drops it. */
    database?: { url: string; drop(): Promise<void> };
    /** Keep the demo organisation's quiet hours (off by default, so results do not depend on the clock). */
    quietHours?: boolean;
  } = {},
): Promise<TestStack> {
  const ownsDatabase = options.database === undefined;
  const database = options.database ?? (await createTestDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'care-sms-test-data-'));
  const config = loadConfig({
    PORT: '0',
    TWILIO_SIM_PORT: '0',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    SEED_DEMO: 'true',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const logger = new ConsoleLogger({ logLevels: ['error', 'fatal'] });
  // Structured logs are captured (never printed): tests can assert what was logged.
  const logLines = options.logLines ?? [];
  const logDestination = { write: (line: string) => void logLines.push(line) };
  const stack = await startStack(config, { logger, logDestination, clientDist: options.clientDist ?? null, simulatorStepMs: 20 });
  if (!options.quietHours) await disableQuietHours(database.url);
  const sockets: TestSocket[] = [];

  const request: TestStack['request'] = async (method, path, { token, body } = {}) => {
    const response = await fetch(stack.url + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };

  return {
    ...stack,
    request,
    async login(email, password = 'demo-password') {
      const response = await request('POST', '/api/auth/login', { body: { email, password } });
      if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status}`);
      return response.body as LoginResponse;
    },
    connect(token) {
      return new Promise((resolve, reject) => {
        const socket: TestSocket = io(stack.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
        sockets.push(socket);
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await stack.stop();
      if (ownsDatabase) await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
