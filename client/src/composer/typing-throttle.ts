/** How often "I am typing" is sent while someone keeps typing (the server keeps it for 5 s). */
export const TYPING_SIGNAL_INTERVAL_MS = 2000;

/** Lets a typing signal through at most once per interval. */
export class TypingThrottle {
  #lastSent = Number.NEGATIVE_INFINITY;
  readonly #intervalMs: number;
  readonly #now: () => number;

  constructor(intervalMs = TYPING_SIGNAL_INTERVAL_MS, now: () => number = Date.now) {
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  /** True when a signal should go now (and counts it as sent). */
  take(): boolean {
    const now = this.#now();
    if (now - this.#lastSent < this.#intervalMs) return false;
    this.#lastSent = now;
    return true;
  }

  /** The message went: the next keystroke is a new typing streak. */
  reset(): void {
    this.#lastSent = Number.NEGATIVE_INFINITY;
  }
}
