import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/core';
import { createClient } from 'redis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

const TIMEOUT_MS = 1500;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref())]);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Readiness checks: each answers within a short timeout and says what is wrong, never why in PHI terms. */
@Injectable()
export class HealthIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly orm: MikroORM,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async database(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.orm.em.getConnection().execute('select 1'), 'PostgreSQL');
      const pending = await this.orm.getMigrator().getPendingMigrations();
      return pending.length > 0 ? check.down({ message: `${pending.length} migration(s) pending` }) : check.up();
    } catch (error) {
      return check.down({ message: reason(error) });
    }
  }

  /** The outbound queue's tables answer (pg-boss lives in the same PostgreSQL, schema `pgboss`). */
  async queue(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('queue');
    try {
      const rows = await withTimeout(
        this.orm.em.getConnection().execute<{ waiting: string }[]>(`select count(*) as waiting from message where direction = 'outbound' and status = 'queued'`),
        'the queue',
      );
      await withTimeout(this.orm.em.getConnection().execute('select 1 from pgboss.version'), 'pg-boss');
      return check.up({ waiting: Number(rows[0]?.waiting ?? 0) });
    } catch (error) {
      return check.down({ message: reason(error) });
    }
  }

  async redis(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('redis');
    if (!this.config.redisUrl) return check.up({ mode: 'not configured (single process)' });
    const client = createClient({ url: this.config.redisUrl, socket: { connectTimeout: TIMEOUT_MS, reconnectStrategy: false } });
    client.on('error', () => undefined);
    try {
      await withTimeout(client.connect().then(() => client.ping()), 'Redis');
      return check.up();
    } catch (error) {
      return check.down({ message: reason(error) });
    } finally {
      await client.quit().catch(() => undefined);
    }
  }

  /** Any HTTP answer from the Twilio API base means it is reachable (the root needs no auth). */
  async twilio(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('twilio');
    try {
      const response = await fetch(`${this.config.twilio.apiBaseUrl}/`, { method: 'GET', signal: AbortSignal.timeout(TIMEOUT_MS) });
      await response.arrayBuffer();
      return check.up({ mode: this.config.twilio.mode, httpStatus: response.status });
    } catch (error) {
      return check.down({ mode: this.config.twilio.mode, message: reason(error) });
    }
  }
}
