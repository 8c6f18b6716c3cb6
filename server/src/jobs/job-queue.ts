import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JobWorker, errorText, type JobHandler, type WorkerOptions } from './job-worker';
import { transactionExecutor } from './transaction-db';
import { currentLogBindings, withLogBindings } from '../observability/log-context';
import { requestIdOf } from '../observability/request-context';

/** pg-boss keeps its tables in their own schema, next to the app's. */
export const JOB_SCHEMA = 'pgboss';

export interface QueueDefinition {
  name: string;
  /**
   * A job whose handler throws (or whose process died: it expires) is retried this many times,
   * with pg-boss's exponential backoff from `retryDelaySeconds`.
   */
  retryLimit: number;
  retryDelaySeconds: number;
  /** An active job not completed by then is considered lost (crashed process) and retried. */
  expireInSeconds: number;
}

export interface EnqueueOptions {
  /** Not before this time (scheduled sends, retries with backoff). */
  startAfter?: Date | null;
}

interface Registration {
  definition: QueueDefinition;
  worker: JobWorker<object> | null;
  handler: JobHandler<object>;
  options: WorkerOptions & { enabled: boolean };
}

/**
 * The app's durable job queue: pg-boss on the app's PostgreSQL (schema `pgboss`). Features register
 * their queues and handlers (processors live in the feature that owns them); jobs are enqueued
 * inside the caller's transaction, so a job exists exactly when the change it is about committed.
 * Workers start only after migrations (`startWorkers`, called by the start-up), and stop on close.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('JobQueue');
  private readonly boss: PgBoss;
  private readonly registrations = new Map<string, Registration>();
  private started: Promise<void> | null = null;
  private workersStarted = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.database.url) throw new Error('database.url must be resolved before the job queue starts');
    this.boss = new PgBoss({
      connectionString: config.database.url,
      schema: JOB_SCHEMA,
      application_name: 'care-sms-jobs',
      max: 4,
      // No cron schedules here; maintenance (expiring jobs of crashed workers, archiving) stays on.
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: 30,
    });
    this.boss.on('error', (error) => this.logger.warn(`pg-boss: ${errorText(error)}`));
  }

  onModuleInit(): Promise<void> {
    this.started ??= this.boss.start().then(() => undefined);
    return this.started;
  }

  /** Creates (or updates) the queue and remembers its handler; call from a processor's onModuleInit. */
  async register<T extends object>(definition: QueueDefinition, handler: JobHandler<T>, options: WorkerOptions & { enabled: boolean }): Promise<void> {
    await this.onModuleInit();
    const queue = {
      name: definition.name,
      policy: 'standard' as const,
      retryLimit: definition.retryLimit,
      retryDelay: definition.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: definition.expireInSeconds,
    };
    if (await this.boss.getQueue(definition.name)) await this.boss.updateQueue(definition.name, queue);
    else await this.boss.createQueue(definition.name, queue).catch(async (error: unknown) => {
      // Two processes starting together: the other one created it.
      if (!(await this.boss.getQueue(definition.name))) throw error;
    });
    // Each job runs in a logging context bound to its request id (and job id).
    const traced: JobHandler<T> = (job) =>
      withLogBindings({ requestId: (job.data as { requestId?: unknown }).requestId ?? null, jobId: job.id, queue: definition.name }, () => handler(job));
    this.registrations.set(definition.name, { definition, worker: null, handler: traced as JobHandler<object>, options });
    if (this.workersStarted) this.startWorker(definition.name);
  }

  /** Enqueues a job in the caller's transaction (`em.transactional`): it exists iff that commits. */
  async enqueue(tx: EntityManager, queue: string, data: object, options: EnqueueOptions = {}): Promise<string> {
    // The request that caused the job goes with it, so the job's logs carry the same id.
    const requestId = requestIdOf(currentLogBindings());
    const id = await this.boss.send(queue, requestId ? { ...data, requestId } : data, {
      db: transactionExecutor(tx),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    });
    if (!id) throw new Error(`pg-boss did not accept a job for ${queue}`);
    return id;
  }

  /** Wakes this process's worker for the queue (after committing a job that is due now). */
  notify(queue: string): void {
    this.registrations.get(queue)?.worker?.notify();
  }

  /** Starts the workers of every registered queue (the database schema must be migrated). */
  startWorkers(): void {
    this.workersStarted = true;
    for (const name of this.registrations.keys()) this.startWorker(name);
  }

  async onModuleDestroy(): Promise<void> {
    const workers = [...this.registrations.values()].flatMap((registration) => (registration.worker ? [registration.worker] : []));
    await Promise.all(workers.map((worker) => worker.stop()));
    if (this.started) {
      await this.started.catch(() => undefined);
      await this.boss.stop({ graceful: false, close: true, wait: true });
    }
  }

  private startWorker(name: string): void {
    const registration = this.registrations.get(name);
    if (!registration || registration.worker || !registration.options.enabled) return;
    registration.worker = new JobWorker(this.boss, name, registration.handler, registration.options, this.logger);
    registration.worker.start();
  }
}
