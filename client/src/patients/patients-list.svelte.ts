import type { ConsentChangedEventData, PatientDto } from '@care/shared';
import { errorMessage, isAbort, type CareApi } from '../lib/api';
import { debounce } from '../lib/debounce';
import type { RealtimeClient } from '../lib/realtime';
import { applyConsent } from './phones';

/** The patients list with its search; lives for the whole session so going back is instant. */
export class PatientsList {
  #search = $state('');
  #items = $state.raw<PatientDto[]>([]);
  #nextCursor = $state<string | null>(null);
  #loading = $state(false);
  #loadingMore = $state(false);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  readonly #api: CareApi;
  #controller: AbortController | null = null;
  readonly #debouncedLoad = debounce(() => void this.load(), 250);

  constructor(api: CareApi) {
    this.#api = api;
  }

  get search(): string {
    return this.#search;
  }
  get items(): PatientDto[] {
    return this.#items;
  }
  get hasMore(): boolean {
    return this.#nextCursor !== null;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loadingMore(): boolean {
    return this.#loadingMore;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): string | null {
    return this.#error;
  }

  /** Typing in the search box: the request goes once typing pauses. */
  setSearch(value: string): void {
    if (value === this.#search) return;
    this.#search = value;
    this.#debouncedLoad();
  }

  /** Loads the first page for the current search; a newer call cancels an older one. */
  async load(): Promise<void> {
    this.#debouncedLoad.cancel();
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#loading = true;
    this.#error = null;
    try {
      const page = await this.#api.listPatients({ search: this.#search }, controller.signal);
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
    if (!this.#nextCursor || this.#loadingMore || this.#loading) return;
    this.#loadingMore = true;
    this.#error = null;
    const search = this.#search;
    try {
      const page = await this.#api.listPatients({ search, cursor: this.#nextCursor });
      if (search !== this.#search) return;
      const known = new Set(this.#items.map((patient) => patient.id));
      this.#items = [...this.#items, ...page.items.filter((patient) => !known.has(patient.id))];
      this.#nextCursor = page.nextCursor;
    } catch (error) {
      this.#error = errorMessage(error);
    } finally {
      this.#loadingMore = false;
    }
  }

  /** Load once; later visits show what is there (live updates keep it fresh). */
  ensureLoaded(): void {
    if (!this.#loaded && !this.#loading) void this.load();
  }

  /** Live consent changes and reloads after a missed-events resync. Returns a stop function. */
  follow(realtime: RealtimeClient): () => void {
    const stops = [
      realtime.on('consent:changed', (data) => this.#applyConsent(data)),
      realtime.onResync(() => {
        if (this.#loaded) void this.load();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  /** Logged out: forget everything. */
  reset(): void {
    this.#debouncedLoad.cancel();
    this.#controller?.abort();
    this.#controller = null;
    this.#search = '';
    this.#items = [];
    this.#nextCursor = null;
    this.#loading = false;
    this.#loadingMore = false;
    this.#loaded = false;
    this.#error = null;
  }

  #applyConsent(event: ConsentChangedEventData): void {
    let changed = false;
    const items = this.#items.map((patient) => {
      const next = applyConsent(patient, event);
      if (next !== patient) changed = true;
      return next;
    });
    if (changed) this.#items = items;
  }
}
