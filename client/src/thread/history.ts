import type { MessageDto, Page } from '@care/shared';

export type FetchHistoryPage = (cursor: string | null) => Promise<Page<MessageDto>>;

/**
 * Cursor paging back in time over a thread's history: the first page is the
 * newest messages; each `nextCursor` goes further back; null means the start.
 */
export class HistoryPager {
  readonly #fetchPage: FetchHistoryPage;
  #nextCursor: string | null = null;
  #started = false;
  #earlierInFlight: Promise<Page<MessageDto> | null> | null = null;
  /** Bumped by `restart` so an in-flight "earlier" answer from before it is not applied. */
  #generation = 0;

  constructor(fetchPage: FetchHistoryPage) {
    this.#fetchPage = fetchPage;
  }

  /** Paging back has a starting point (a newest page was applied). */
  get started(): boolean {
    return this.#started;
  }

  get hasEarlier(): boolean {
    return this.#started && this.#nextCursor !== null;
  }

  get nextCursor(): string | null {
    return this.#nextCursor;
  }

  /** Fetches the newest page; the caller decides with `restart` whether paging starts over from it. */
  fetchNewest(): Promise<Page<MessageDto>> {
    return this.#fetchPage(null);
  }

  /** Paging back continues from this cursor (the newest page's), abandoning any older request. */
  restart(nextCursor: string | null): void {
    this.#generation++;
    this.#earlierInFlight = null;
    this.#nextCursor = nextCursor;
    this.#started = true;
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
