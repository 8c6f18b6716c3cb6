import type { ConversationDto, InboxLineSummaryDto, UserSummaryDto } from '@care/shared';
import { errorMessage, isAbort, type CareApi } from '../lib/api';
import { debounce } from '../lib/debounce';
import type { RealtimeClient } from '../lib/realtime';

/** How long to gather live events before asking for fresh totals (a burst of texts = one request). */
export const REFRESH_DEBOUNCE_MS = 400;

/** Every line's inbox totals, live; one line's open conversations for reassigning. */
export class SupervisorDashboard {
  #lines = $state.raw<InboxLineSummaryDto[]>([]);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  #updatedAt = $state<number | null>(null);
  #now = $state(Date.now());
  #users = $state.raw<UserSummaryDto[]>([]);
  #expanded = $state<string | null>(null);
  #conversations = $state.raw<ConversationDto[]>([]);
  #conversationsLoading = $state(false);
  #conversationsError = $state<string | null>(null);
  readonly #api: CareApi;
  #controller: AbortController | null = null;
  readonly #debouncedRefresh = debounce(() => void this.refresh(), REFRESH_DEBOUNCE_MS);

  constructor(api: CareApi) {
    this.#api = api;
  }

  get lines(): InboxLineSummaryDto[] {
    return this.#lines;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): string | null {
    return this.#error;
  }
  get updatedAt(): number | null {
    return this.#updatedAt;
  }
  /** Ticks every 30 s so waiting times stay true without a request. */
  get now(): number {
    return this.#now;
  }
  get users(): UserSummaryDto[] {
    return this.#users;
  }
  get expanded(): string | null {
    return this.#expanded;
  }
  get conversations(): ConversationDto[] {
    return this.#conversations;
  }
  get conversationsLoading(): boolean {
    return this.#conversationsLoading;
  }
  get conversationsError(): string | null {
    return this.#conversationsError;
  }

  /** Starts the live updates; returns a stop function. */
  start(realtime: RealtimeClient): () => void {
    const onChange = (): void => this.#debouncedRefresh();
    const stops = [realtime.on('inbox:updated', onChange), realtime.on('message:status', onChange), realtime.onResync(onChange)];
    const clock = setInterval(() => (this.#now = Date.now()), 30_000);
    void this.refresh();
    void this.#api
      .listAssignableUsers()
      .then((users) => (this.#users = users))
      .catch(() => undefined);
    return () => {
      clearInterval(clock);
      this.#debouncedRefresh.cancel();
      this.#controller?.abort();
      stops.forEach((stop) => stop());
    };
  }

  async refresh(): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    try {
      const lines = await this.#api.inboxSummary(controller.signal);
      if (controller.signal.aborted) return;
      this.#lines = lines;
      this.#loaded = true;
      this.#error = null;
      this.#now = Date.now();
      this.#updatedAt = this.#now;
      if (this.#expanded) void this.#loadConversations(this.#expanded);
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) return;
      this.#error = errorMessage(error);
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /** Opens (or closes) one line's list of open conversations. */
  toggle(lineId: string): void {
    if (this.#expanded === lineId) {
      this.#expanded = null;
      this.#conversations = [];
      return;
    }
    this.#expanded = lineId;
    this.#conversations = [];
    void this.#loadConversations(lineId);
  }

  async assign(conversationId: string, userId: string | null): Promise<void> {
    const updated = await this.#api.assignConversation(conversationId, userId);
    this.#conversations = this.#conversations.map((conversation) => (conversation.id === updated.id ? updated : conversation));
    this.#debouncedRefresh();
  }

  async #loadConversations(lineId: string): Promise<void> {
    this.#conversationsLoading = true;
    this.#conversationsError = null;
    try {
      const page = await this.#api.listInbox({ lineId, filter: 'all' });
      if (this.#expanded === lineId) this.#conversations = page.items;
    } catch (error) {
      if (this.#expanded === lineId) this.#conversationsError = errorMessage(error);
    } finally {
      this.#conversationsLoading = false;
    }
  }
}
