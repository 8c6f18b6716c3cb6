import type { MessageDto, Page } from '@care/shared';

export type FetchHistoryPage = (cursor: string | null) => Promise<Page<MessageDto>>;

/**
 * Cursor paging back in time over a thread's history: the first page is the
 * newest messages; each `nextCursor` goes further back; null means the start.
 */
export class HistoryPager {
  readonly #fetchPage: FetchHistoryPage;
  #nextCursor: string | null = null;
  #loadedFirst = false;
  #earlierInFlight: Promise<Page<MessageDto> | null> | null = null;
  /** Bumped by `loadNewest` so an older in-flight "earlier" answer is not applied over it. */
  #generation = 0;

  constructor(fetchPage: FetchHistoryPage) {
    this.#fetchPage = fetchPage;
  }

  get hasEarlier(): boolean {
    return this.#loadedFirst && this.#nextCursor !== null;
  }

  get nextCursor(): string | null {
    return this.#nextCursor;
  }

  /** Loads (or reloads) the newest page; paging back restarts from it. */
  async loadNewest(): Promise<Page<MessageDto>> {
    const generation = ++this.#generation;
    this.#earlierInFlight = null;
    const page = await this.#fetchPage(null);
    if (generation === this.#generation) {
      this.#nextCursor = page.nextCursor;
      this.#loadedFirst = true;
    }
    return page;
  }

  /** The page before what is loaded; null when there is none or it became stale. Concurrent calls share one request. */
  loadEarlier(): Promise<Page<MessageDto> | null> {
    if (!this.hasEarlier) return Promise.resolve(null);
    this.#earlierInFlight ??= this.#fetchEarlier().finally(() => {
      this.#earlierInFlight = null;
    });
    return this.#earlierInFlight;
  }

  async #fetchEarlier(): Promise<Page<MessageDto> | null> {
    const generation = this.#generation;
    const page = await this.#fetchPage(this.#nextCursor);
    if (generation !== this.#generation) return null;
    this.#nextCursor = page.nextCursor;
    return page;
  }
}
