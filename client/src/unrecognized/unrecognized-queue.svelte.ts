import type { InboxUpdatedEventData, UnrecognizedConversationDto } from '@care/shared';
import { errorMessage, isAbort, type CareApi } from '../lib/api';
import { debounce } from '../lib/debounce';
import type { RealtimeClient } from '../lib/realtime';

/** The unrecognized-senders queue of one line (or all the caller sees), kept fresh by `inbox:updated`. */
export class UnrecognizedQueue {
  #items = $state.raw<UnrecognizedConversationDto[]>([]);
  #nextCursor = $state<string | null>(null);
  #lineId = $state<string | null>(null);
  #archived = $state(false);
  #loading = $state(false);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  readonly #api: CareApi;
  #controller: AbortController | null = null;
  readonly #debouncedReload = debounce(() => void this.load(), 300);

  constructor(api: CareApi) {
    this.#api = api;
  }

  get items(): UnrecognizedConversationDto[] {
    return this.#items;
  }
  get lineId(): string | null {
    return this.#lineId;
  }
  get archived(): boolean {
    return this.#archived;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): string | null {
    return this.#error;
  }
  get hasMore(): boolean {
    return this.#nextCursor !== null;
  }

  setLine(lineId: string | null): void {
    this.#lineId = lineId;
    void this.load();
  }

  setArchived(archived: boolean): void {
    this.#archived = archived;
    void this.load();
  }

  async load(): Promise<void> {
    this.#debouncedReload.cancel();
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#loading = true;
    this.#error = null;
    try {
      const page = await this.#api.listUnrecognized({ lineId: this.#lineId, archived: this.#archived }, controller.signal);
      if (controller.signal.aborted) return;
      this.#items = page.items;
      this.#nextCursor = page.nextCursor;
      this.#loaded = true;
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) return;
      this.#error = errorMessage(error);
    } finally {
      if (this.#controller === controller) {
        this.#controller = null;
        this.#loading = false;
      }
    }
  }

  async loadMore(): Promise<void> {
    if (!this.#nextCursor || this.#loading) return;
    try {
      const page = await this.#api.listUnrecognized({ lineId: this.#lineId, archived: this.#archived, cursor: this.#nextCursor });
      const known = new Set(this.#items.map((item) => item.id));
      this.#items = [...this.#items, ...page.items.filter((item) => !known.has(item.id))];
      this.#nextCursor = page.nextCursor;
    } catch (error) {
      this.#error = errorMessage(error);
    }
  }

  /** Resolved here: leave the list at once (the event that follows reloads anyway). */
  remove(conversationId: string): void {
    this.#items = this.#items.filter((item) => item.id !== conversationId);
  }

  /** A new text from an unknown number, or a conversation of the list that changed: reload (debounced). */
  follow(realtime: RealtimeClient): () => void {
    const stops = [
      realtime.on('inbox:updated', (event: InboxUpdatedEventData) => {
        if (event.patientId === null || this.#items.some((item) => item.id === event.conversationId)) this.#debouncedReload();
      }),
      realtime.onResync(() => this.#debouncedReload()),
    ];
    return () => {
      this.#debouncedReload.cancel();
      this.#controller?.abort();
      stops.forEach((stop) => stop());
    };
  }
}
