/**
 * Owns every timer and background promise the simulator starts, so that `idle()` can tell tests
 * when the lifecycle has settled and `close()` can leave no open handles behind.
 */
export class TaskTracker {
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = 0;
  private waiters: Array<() => void> = [];
  private stopped = false;

  /** `onTaskError` hears about a step that threw; a timer callback must never crash the host process. */
  constructor(private readonly onTaskError: (error: unknown) => void) {}

  /** Runs `task` after `ms`, unless the timers are cancelled first. */
  schedule(ms: number, task: () => void): void {
    if (this.stopped) return;
    this.pending += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        task();
      } catch (error) {
        this.onTaskError(error);
      } finally {
        this.done();
      }
    }, ms);
    this.timers.add(timer);
  }

  /** Counts a background promise as pending work until it settles; its rejection is the caller's to log. */
  track(work: Promise<unknown>): void {
    this.pending += 1;
    work.then(
      () => this.done(),
      () => this.done(),
    );
  }

  /** Resolves once no scheduled step or tracked promise is left. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops every scheduled step (reset); tracked promises still run to their end. */
  cancelTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.pending -= this.timers.size;
    this.timers.clear();
    this.notifyIfIdle();
  }

  /** For close(): cancels timers and refuses new ones. */
  stop(): void {
    this.stopped = true;
    this.cancelTimers();
  }

  private done(): void {
    this.pending -= 1;
    this.notifyIfIdle();
  }

  private notifyIfIdle(): void {
    if (this.pending !== 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
