import type { Logger } from '@nestjs/common';
import type PgBoss from 'pg-boss';

export interface JobContext<T> {
  id: string;
  data: T;
  /** Aborted when the process shuts down: stop waiting, leave the job to be retried elsewhere. */
  signal: AbortSignal;
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export interface WorkerOptions {
  /** Jobs worked on at once by this process. */
  concurrency: number;
  /** Idle polling interval. */
  pollMs: number;
}

/**
 * A fetch loop over one pg-boss queue: keeps up to `concurrency` jobs in flight, completes each as
 * soon as its handler resolves (fails it, so pg-boss retries it, when the handler throws), and
 * polls again when idle or woken. Unlike `boss.work()` a slow job does not hold up the others.
 */
export class JobWorker<T extends object> {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private wake: (() => void) | null = null;
  /** A wake-up that came while we were busy fetching: skip the next idle wait. */
  private woken = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly boss: PgBoss,
    private readonly queue: string,
    private readonly handler: JobHandler<T>,
    private readonly options: WorkerOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Look for due jobs now (e.g. right after one was committed). */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Stops fetching, aborts waiting handlers and waits for those in flight to settle. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      const capacity = this.options.concurrency - this.inFlight.size;
      let fetched = 0;
      if (capacity > 0) {
        try {
          const jobs = await this.boss.fetch<T>(this.queue, { batchSize: capacity });
          fetched = jobs.length;
          for (const job of jobs) this.track(job);
        } catch (error) {
          if (this.abort.signal.aborted) break;
          this.logger.warn(`fetching from ${this.queue} failed: ${errorText(error)}`);
        }
      }
      // A full batch means more may be due: fetch again at once unless we are at capacity.
      if (fetched > 0 && fetched === capacity) continue;
      await this.idle();
    }
  }

  private track(job: PgBoss.Job<T>): void {
    const running = this.handle(job).finally(() => {
      this.inFlight.delete(running);
      this.notify();
    });
    this.inFlight.add(running);
  }

  private async handle(job: PgBoss.Job<T>): Promise<void> {
    try {
      await this.handler({ id: job.id, data: job.data, signal: this.abort.signal });
      await this.boss.complete(this.queue, job.id);
    } catch (error) {
      if (!this.abort.signal.aborted) this.logger.warn(`job ${job.id} on ${this.queue} failed (retried later): ${errorText(error)}`);
      await this.boss.fail(this.queue, job.id, { message: errorText(error) }).catch((failError: unknown) => {
        this.logger.warn(`could not mark job ${job.id} failed: ${errorText(failError)}`);
      });
    }
  }

  private idle(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollMs);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.woken = false;
        if (self.wake === done) self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
