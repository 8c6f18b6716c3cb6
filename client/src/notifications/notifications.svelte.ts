import type { NotificationDto } from '@care/shared';
import { errorMessage, type CareApi } from '../lib/api';
import type { RealtimeClient } from '../lib/realtime';
import type { Toasts } from '../lib/ui/toasts.svelte';
import { addNotification, markRead } from './notification-list';

/** The bell: the user's notifications and unread total, the same in every tab. */
export class Notifications {
  #items = $state.raw<NotificationDto[]>([]);
  #unreadTotal = $state(0);
  #nextCursor = $state<string | null>(null);
  #loading = $state(false);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  readonly #api: CareApi;
  readonly #toasts: Toasts;
  #generation = 0;

  constructor(api: CareApi, toasts: Toasts) {
    this.#api = api;
    this.#toasts = toasts;
  }

  get items(): NotificationDto[] {
    return this.#items;
  }
  get unreadTotal(): number {
    return this.#unreadTotal;
  }
  get hasMore(): boolean {
    return this.#nextCursor !== null;
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

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    this.#error = null;
    try {
      const page = await this.#api.listNotifications();
      if (generation !== this.#generation) return;
      this.#items = page.items;
      this.#nextCursor = page.nextCursor;
      this.#unreadTotal = page.unreadTotal;
      this.#loaded = true;
    } catch (error) {
      if (generation === this.#generation) this.#error = errorMessage(error);
    } finally {
      if (generation === this.#generation) this.#loading = false;
    }
  }

  async loadMore(): Promise<void> {
    if (!this.#nextCursor || this.#loading) return;
    this.#loading = true;
    try {
      const page = await this.#api.listNotifications(this.#nextCursor);
      const known = new Set(this.#items.map((item) => item.id));
      this.#items = [...this.#items, ...page.items.filter((item) => !known.has(item.id))];
      this.#nextCursor = page.nextCursor;
      this.#unreadTotal = page.unreadTotal;
    } catch (error) {
      this.#toasts.error('More notifications could not be loaded', error);
    } finally {
      this.#loading = false;
    }
  }

  async markRead(id: string): Promise<void> {
    const item = this.#items.find((candidate) => candidate.id === id);
    if (item?.readAt) return;
    try {
      const answer = await this.#api.markNotificationRead(id);
      this.#items = markRead(this.#items, { notificationIds: [id], all: false }, new Date().toISOString());
      this.#unreadTotal = answer.unreadTotal;
    } catch (error) {
      this.#toasts.error('Could not mark the notification read', error);
    }
  }

  async markAllRead(): Promise<void> {
    try {
      const answer = await this.#api.markAllNotificationsRead();
      this.#items = markRead(this.#items, { notificationIds: [], all: true }, new Date().toISOString());
      this.#unreadTotal = answer.unreadTotal;
    } catch (error) {
      this.#toasts.error('Could not mark notifications read', error);
    }
  }

  /** Opening a conversation reads its notifications too (the bell follows what was seen). */
  async markConversationRead(conversationId: string): Promise<void> {
    const unread = this.#items.filter((item) => item.conversationId === conversationId && item.readAt === null);
    for (const item of unread) await this.markRead(item.id);
  }

  /** Live notifications and reads from other tabs; reloads after missed events. Returns a stop function. */
  follow(realtime: RealtimeClient): () => void {
    const stops = [
      realtime.on('notification', (event) => {
        this.#items = addNotification(this.#items, event);
        this.#unreadTotal = event.unreadTotal;
      }),
      realtime.on('notification:read', (event) => {
        this.#items = markRead(this.#items, event, new Date().toISOString());
        this.#unreadTotal = event.unreadTotal;
      }),
      realtime.onResync(() => void this.load()),
    ];
    return () => stops.forEach((stop) => stop());
  }

  reset(): void {
    this.#generation++;
    this.#items = [];
    this.#unreadTotal = 0;
    this.#nextCursor = null;
    this.#loading = false;
    this.#loaded = false;
    this.#error = null;
  }
}
