import { errorMessage } from '../api';

export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  text: string;
}

/** How long a toast stays; errors stay longer (and until dismissed when hovered or focused). */
const DURATION_MS: Record<ToastTone, number> = { info: 5000, success: 4000, error: 10_000 };
const MAX_TOASTS = 4;

/** Short messages about what just happened, above everything; errors are never silent. */
export class Toasts {
  #items = $state.raw<Toast[]>([]);
  #nextId = 1;
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();

  get items(): Toast[] {
    return this.#items;
  }

  show(tone: ToastTone, text: string): number {
    // The same text twice in a row (a retried action failing again) shows once.
    const same = this.#items.find((item) => item.text === text && item.tone === tone);
    if (same) {
      this.#schedule(same.id, tone);
      return same.id;
    }
    const id = this.#nextId++;
    const items = [...this.#items, { id, tone, text }];
    for (const dropped of items.slice(0, Math.max(0, items.length - MAX_TOASTS))) this.#clearTimer(dropped.id);
    this.#items = items.slice(-MAX_TOASTS);
    this.#schedule(id, tone);
    return id;
  }

  /** "Could not assign: <the server's reason>" */
  error(what: string, error?: unknown): number {
    return this.show('error', error === undefined ? what : `${what}: ${errorMessage(error)}`);
  }

  success(text: string): number {
    return this.show('success', text);
  }

  info(text: string): number {
    return this.show('info', text);
  }

  dismiss(id: number): void {
    this.#clearTimer(id);
    this.#items = this.#items.filter((item) => item.id !== id);
  }

  /** Keep a toast while the pointer or focus is on it. */
  hold(id: number): void {
    this.#clearTimer(id);
  }

  release(id: number): void {
    const toast = this.#items.find((item) => item.id === id);
    if (toast) this.#schedule(id, toast.tone);
  }

  #schedule(id: number, tone: ToastTone): void {
    this.#clearTimer(id);
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), DURATION_MS[tone]),
    );
  }

  #clearTimer(id: number): void {
    const timer = this.#timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(id);
  }
}
