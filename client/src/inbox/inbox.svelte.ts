import type { ConversationDto, PatientDto } from '@care/shared';
import { ApiError, errorMessage, isAbort, type CareApi } from '../lib/api';
import { debounce } from '../lib/debounce';
import type { RealtimeClient } from '../lib/realtime';
import type { Toasts } from '../lib/ui/toasts.svelte';
import {
  applyInboxUpdate,
  applyReadUpdate,
  placeInList,
  searchItems,
  sortItems,
  toInboxItem,
  unreadCount,
  type InboxFilter,
  type InboxItem,
  type ListScope,
} from './inbox-list';

export interface InboxDeps {
  api: CareApi;
  toasts: Toasts;
  myId: () => string | null;
}

/**
 * The Communication Center's conversation list (one filter and line at a time) plus everything
 * known about any conversation the user has seen, kept live by `inbox:updated` / `read:updated`.
 * Lives for the whole session, so coming back to the inbox is instant.
 */
export class Inbox {
  #filter = $state<InboxFilter>('all');
  #lineId = $state<string | null>(null);
  #search = $state('');
  #items = $state.raw<InboxItem[]>([]);
  #known = $state.raw<ReadonlyMap<string, InboxItem>>(new Map());
  #nextCursor = $state<string | null>(null);
  #loading = $state(false);
  #loadingMore = $state(false);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  #patientMatches = $state.raw<PatientDto[]>([]);
  #searchingPatients = $state(false);
  /** Active users (supervisors and admins can list them) for "Assign to…"; null until loaded. */
  #users = $state.raw<{ id: string; name: string }[] | null>(null);
  #usersLoading: Promise<void> | null = null;
  /** Conversations with an action in flight (buttons show busy). */
  #busy = $state.raw<ReadonlySet<string>>(new Set());
  readonly #shown = $derived(searchItems(this.#items, this.#search));
  readonly #deps: InboxDeps;
  #controller: AbortController | null = null;
  #patientController: AbortController | null = null;
  readonly #fetching = new Map<string, Promise<InboxItem | null>>();
  readonly #debouncedPatientSearch = debounce(() => void this.#searchPatients(), 250);

  constructor(deps: InboxDeps) {
    this.#deps = deps;
  }

  get filter(): InboxFilter {
    return this.#filter;
  }
  get lineId(): string | null {
    return this.#lineId;
  }
  get search(): string {
    return this.#search;
  }
  /** The loaded list, narrowed by the search box. */
  get items(): InboxItem[] {
    return this.#shown;
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
  /** Conversations of the shown list with unread texts for me. */
  get unreadConversations(): number {
    return unreadCount(this.#items);
  }
  /** Patients matching the search (server search), for patients without a conversation in the list. */
  get patientMatches(): PatientDto[] {
    const inList = new Set(this.#shown.map((item) => item.patientId));
    return this.#patientMatches.filter((patient) => !inList.has(patient.id));
  }
  get searchingPatients(): boolean {
    return this.#searchingPatients;
  }

  conversation(id: string | null | undefined): InboxItem | null {
    return id ? (this.#known.get(id) ?? null) : null;
  }

  isBusy(id: string): boolean {
    return this.#busy.has(id);
  }

  /** People seen as assignees, for supervisors who cannot list users: id → name. */
  get knownAssignees(): { id: string; name: string }[] {
    const people = new Map<string, string>();
    for (const item of this.#known.values()) if (item.assigneeId && item.assigneeName) people.set(item.assigneeId, item.assigneeName);
    return [...people].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }

  get users(): { id: string; name: string }[] | null {
    return this.#users;
  }

  /** Supervisors and admins: loads the organisation's active users once. */
  ensureUsers(): Promise<void> {
    if (this.#users) return Promise.resolve();
    this.#usersLoading ??= this.#deps.api
      .listAssignableUsers()
      .then((users) => {
        this.#users = users.map((user) => ({ id: user.id, name: user.name }));
      })
      .catch((error: unknown) => {
        this.#deps.toasts.error('The list of users could not be loaded', error);
      })
      .finally(() => {
        this.#usersLoading = null;
      });
    return this.#usersLoading;
  }

  setFilter(filter: InboxFilter): void {
    if (filter === this.#filter) return;
    this.#filter = filter;
    void this.load();
  }

  setLine(lineId: string | null): void {
    if (lineId === this.#lineId) return;
    this.#lineId = lineId;
    void this.load();
  }

  setSearch(value: string): void {
    if (value === this.#search) return;
    this.#search = value;
    if (value.trim().length >= 2) this.#debouncedPatientSearch();
    else {
      this.#debouncedPatientSearch.cancel();
      this.#patientController?.abort();
      this.#patientMatches = [];
      this.#searchingPatients = false;
    }
  }

  ensureLoaded(): void {
    if (!this.#loaded && !this.#loading) void this.load();
  }

  /** First page of the current filter and line; a newer call cancels an older one. */
  async load(): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#loading = true;
    this.#error = null;
    try {
      const page = await this.#deps.api.listInbox({ filter: this.#filter, lineId: this.#lineId }, controller.signal);
      if (controller.signal.aborted) return;
      const items = page.items.map(toInboxItem);
      this.#remember(items);
      this.#items = sortItems(items, this.#filter);
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
    const scope = this.#scope();
    try {
      const page = await this.#deps.api.listInbox({ filter: scope.filter, lineId: scope.lineId, cursor: this.#nextCursor });
      if (scope.filter !== this.#filter || scope.lineId !== this.#lineId) return;
      const items = page.items.map(toInboxItem);
      this.#remember(items);
      const known = new Set(this.#items.map((item) => item.id));
      this.#items = sortItems([...this.#items, ...items.filter((item) => !known.has(item.id))], scope.filter);
      this.#nextCursor = page.nextCursor;
    } catch (error) {
      this.#deps.toasts.error('More conversations could not be loaded', error);
    } finally {
      this.#loadingMore = false;
    }
  }

  /** A conversation by id, fetched when it is not known yet (a link from the bell, the thread page). */
  ensureConversation(id: string): Promise<InboxItem | null> {
    const known = this.#known.get(id);
    if (known) return Promise.resolve(known);
    let pending = this.#fetching.get(id);
    if (!pending) {
      pending = this.#deps.api
        .getConversation(id)
        .then((dto) => this.#accept(dto))
        .catch((error: unknown) => {
          if (!(error instanceof ApiError && error.status === 404)) this.#deps.toasts.error('The conversation could not be loaded', error);
          return null;
        })
        .finally(() => this.#fetching.delete(id));
      this.#fetching.set(id, pending);
    }
    return pending;
  }

  /** The user has the conversation open: it is read up to its newest text (all their tabs follow). */
  async markRead(id: string): Promise<void> {
    try {
      const answer = await this.#deps.api.markConversationRead(id);
      const current = this.#known.get(id);
      if (current) this.#update({ ...current, myUnread: answer.myUnread });
    } catch (error) {
      this.#deps.toasts.error('Could not mark the conversation read', error);
    }
  }

  assign(id: string, userId: string | null): Promise<boolean> {
    return this.#act(id, userId === null ? 'Could not unassign' : 'Could not assign', () => this.#deps.api.assignConversation(id, userId));
  }

  close(id: string): Promise<boolean> {
    return this.#act(id, 'Could not close the conversation', () => this.#deps.api.closeConversation(id));
  }

  reopen(id: string): Promise<boolean> {
    return this.#act(id, 'Could not reopen the conversation', () => this.#deps.api.reopenConversation(id));
  }

  /** Live updates and reloads after missed events. Returns a stop function. */
  follow(realtime: RealtimeClient): () => void {
    const stops = [
      realtime.on('inbox:updated', (event) => this.#update(applyInboxUpdate(this.#known.get(event.conversationId), event))),
      realtime.on('read:updated', (event) => {
        const current = this.#known.get(event.conversationId);
        if (current) this.#update(applyReadUpdate(current, event));
      }),
      realtime.on('message:status', (event) => {
        for (const item of this.#known.values()) {
          if (item.lastMessage?.id !== event.messageId || item.lastMessage.status === event.status) continue;
          this.#update({ ...item, lastMessage: { ...item.lastMessage, status: event.status } });
        }
      }),
      realtime.onResync(() => {
        if (this.#loaded) void this.load();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  reset(): void {
    this.#controller?.abort();
    this.#patientController?.abort();
    this.#debouncedPatientSearch.cancel();
    this.#controller = null;
    this.#filter = 'all';
    this.#lineId = null;
    this.#search = '';
    this.#items = [];
    this.#known = new Map();
    this.#nextCursor = null;
    this.#loading = false;
    this.#loadingMore = false;
    this.#loaded = false;
    this.#error = null;
    this.#patientMatches = [];
    this.#busy = new Set();
    this.#users = null;
  }

  async #act(id: string, failure: string, call: () => Promise<ConversationDto>): Promise<boolean> {
    this.#busy = new Set([...this.#busy, id]);
    try {
      this.#accept(await call());
      return true;
    } catch (error) {
      this.#deps.toasts.error(failure, error);
      return false;
    } finally {
      const busy = new Set(this.#busy);
      busy.delete(id);
      this.#busy = busy;
    }
  }

  async #searchPatients(): Promise<void> {
    this.#patientController?.abort();
    const controller = new AbortController();
    this.#patientController = controller;
    this.#searchingPatients = true;
    try {
      const page = await this.#deps.api.listPatients({ search: this.#search }, controller.signal);
      if (!controller.signal.aborted) this.#patientMatches = page.items.slice(0, 8);
    } catch (error) {
      if (!isAbort(error) && !controller.signal.aborted) this.#deps.toasts.error('Patient search failed', error);
    } finally {
      if (this.#patientController === controller) this.#searchingPatients = false;
    }
  }

  #accept(dto: ConversationDto): InboxItem {
    const fresh = toInboxItem(dto);
    // A live update may have brought a newer last message than this answer.
    const current = this.#known.get(dto.id);
    const item = current?.lastMessage && fresh.lastMessage && current.lastMessage.createdAt > fresh.lastMessage.createdAt ? { ...fresh, lastMessage: current.lastMessage } : fresh;
    this.#update(item);
    return item;
  }

  #remember(items: InboxItem[]): void {
    const known = new Map(this.#known);
    for (const item of items) known.set(item.id, item);
    this.#known = known;
  }

  #update(item: InboxItem): void {
    this.#remember([item]);
    if (this.#loaded) this.#items = placeInList(this.#items, item, this.#scope());
  }

  #scope(): ListScope {
    return { filter: this.#filter, lineId: this.#lineId, myId: this.#deps.myId() };
  }
}
