import { join, resolve } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import type { AppConfig } from './config/app-config';
import { ConfigError } from './config/env';
import { createApp } from './create-app';
import { findFreePort, startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { seedDemo } from './database/seed/demo-seeder';
import { PasswordHasher } from './auth/password-hasher';
import { Line } from './lines/line.entity';
import { LinesEvents } from './lines/lines.events';
import { JobQueue } from './jobs/job-queue';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createTwilioSimulator, type TwilioSimulator } from './twilio-simulator';

export interface RunningStack {
  app: NestExpressApplication;
  /** The configuration as resolved at start (ports, database URL, simulator URL filled in). */
  config: AppConfig;
  url: string;
  simulator: TwilioSimulator | null;
  seeded: boolean;
  stop(): Promise<void>;
}

export interface StackOptions {
  logger: LoggerService | false;
  clientDist?: string | null;
  logDestination?: DestinationStream;
  /** Delay between simulated delivery steps (tests make it short). */
  simulatorStepMs?: number;
}

export const DEFAULT_CLIENT_DIST = resolve(__dirname, '../../client/dist');

/**
 * Starts the whole product: database (embedded unless DATABASE_URL), Twilio simulator (unless real
 * credentials), migrations, demo seed, then the HTTP + Socket.IO server. Stops in reverse order.
 */
export async function startStack(baseConfig: AppConfig, options: StackOptions): Promise<RunningStack> {
  const log = stackLogger(options.logger);
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => log.warn(`shutdown step failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  };

  try {
    const port = baseConfig.http.port === 0 ? await findFreePort() : baseConfig.http.port;
    // PORT=0 (tests) picks a port now; the default public URL follows it, an explicit one is kept.
    const publicBaseUrl = baseConfig.http.publicBaseUrl === 'http://localhost:0' ? `http://localhost:${port}` : baseConfig.http.publicBaseUrl;

    let databaseUrl = baseConfig.database.url;
    if (databaseUrl) {
      await assertDatabaseReachable(databaseUrl);
    } else {
      log.log(`starting embedded PostgreSQL in ${join(baseConfig.dataDir, 'postgres')}`);
      const embedded: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir: baseConfig.dataDir, onLog: (line) => log.debug(line) });
      cleanups.push(() => embedded.stop());
      databaseUrl = embedded.url;
    }

    let simulator: TwilioSimulator | null = null;
    let apiBaseUrl = baseConfig.twilio.apiBaseUrl;
    if (baseConfig.twilio.mode === 'simulator') {
      simulator = createTwilioSimulator({
        port: baseConfig.twilio.simulatorPort,
        accountSid: baseConfig.twilio.accountSid,
        authToken: baseConfig.twilio.authToken,
        inboundWebhookUrl: `${publicBaseUrl}/webhooks/twilio/inbound`,
        ...(options.simulatorStepMs !== undefined ? { timing: { stepMs: options.simulatorStepMs } } : {}),
        logger: {
          info: (m: string) => log.log(`[twilio-sim] ${m}`),
          warn: (m: string) => log.warn(`[twilio-sim] ${m}`),
          error: (m: string) => log.error(`[twilio-sim] ${m}`),
        },
      });
      await simulator.start().catch((error: unknown) => {
        throw listenError(error, 'TWILIO_SIM_PORT', baseConfig.twilio.simulatorPort);
      });
      const started = simulator;
      cleanups.push(() => started.close());
      if (baseConfig.twilio.simulatorPort === 0 || apiBaseUrl.endsWith(`:${baseConfig.twilio.simulatorPort}`)) apiBaseUrl = simulator.url;
    }

    const config: AppConfig = Object.freeze({
      ...baseConfig,
      http: Object.freeze({ port, publicBaseUrl }),
      database: Object.freeze({ url: databaseUrl }),
      twilio: Object.freeze({ ...baseConfig.twilio, apiBaseUrl }),
    });

    const app = await createApp(config, {
      clientDist: options.clientDist === undefined ? DEFAULT_CLIENT_DIST : options.clientDist,
      logger: options.logger,
      logDestination: options.logDestination,
    });
    cleanups.push(() => app.close());

    const orm = app.get(MikroORM);
    await orm.getMigrator().up();
    const seeded = config.seedDemo ? await seedDemo(orm.em.fork() as EntityManager, (plain) => app.get(PasswordHasher).hash(plain)) : false;

    if (simulator) {
      const sim = simulator;
      const ownLines = async (): Promise<void> => {
        const lines = await orm.em.fork().find(Line, { number: { $ne: null } });
        sim.setOwnedNumbers(lines.map((line) => line.number!));
      };
      await ownLines();
      // Lines added through the admin API become numbers the simulated account owns.
      app.get(EventEmitter2).on(LinesEvents.changed, ownLines);
    }
    // The outbound queue's workers need the migrated schema.
    app.get(JobQueue).startWorkers();

    await app.listen(port).catch((error: unknown) => {
      throw listenError(error, 'PORT', port);
    });
    return { app, config, url: `http://localhost:${port}`, simulator, seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Start-up messages go to the logger the app was given (quiet in tests). */
function stackLogger(logger: LoggerService | false): Record<'log' | 'warn' | 'error' | 'debug', (message: string) => void> {
  if (logger === false) return { log: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
  return {
    log: (message: string) => logger.log(message, 'Stack'),
    warn: (message: string) => logger.warn(message, 'Stack'),
    error: (message: string) => logger.error(message, undefined, 'Stack'),
    debug: (message: string) => logger.debug?.(message, 'Stack'),
  };
}

async function assertDatabaseReachable(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const where = (() => {
      try {
        const parsed = new URL(url);
        return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
      } catch {
        return 'the given address';
      }
    })();
    throw new ConfigError(`Invalid environment variable DATABASE_URL: cannot connect to ${where} (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function listenError(error: unknown, variable: string, port: number): Error {
  if ((error as { code?: unknown } | null)?.code === 'EADDRINUSE') {
    return new ConfigError(`Invalid environment variable ${variable}: port ${port} is already in use`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
