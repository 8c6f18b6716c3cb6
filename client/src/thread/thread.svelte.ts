import type { MessageDto, PatientDto, PresenceEventData, SendMessageRequest, UserDto } from '@care/shared';
import { TypingThrottle } from '../composer/typing-throttle';
import { ApiError, errorMessage, type CareApi } from '../lib/api';
import type { RealtimeClient } from '../lib/realtime';
import type { Toasts } from '../lib/ui/toasts.svelte';
import { applyConsent } from '../patients/phones';
import { groupByDay, type DayGroup } from './day-groups';
import { HistoryPager } from './history';
import { addPending, applyStatus, mergeNewestPage, removePending, upsertMessages, type ThreadEntry } from './message-list';
import { heldMessages } from './held-messages.svelte';
import { describePresence, type PresenceView } from './presence';
import { randomId } from '../lib/uuid';

/** How many messages one history page holds. */
export const PAGE_SIZE = 50;

export interface ThreadDeps {
  api: CareApi;
  realtime: RealtimeClient;
  currentUser: () => UserDto | null;
  toasts: Toasts;
}

export interface OutgoingMessage {
  body: string;
  clientMessageId: string;
  phoneId: string | null;
  lineId: string | null;
  templateId: string | null;
  /** ISO instant with offset: send then (status `scheduled`). */
  sendAt?: string | null;
  /** Urgent: send during quiet hours anyway, with the audited reason. */
  quietHoursOverride?: { reason: string } | null;
  /** Uploaded files (POST /api/attachments): the text goes as MMS. */
  attachmentIds?: string[];
}

export type SendOutcome =
  | { ok: true; message: MessageDto }
  /** `retrySafe`: the server may have stored it, so a retry must reuse the same clientMessageId. */
  | { ok: false; error: string; status: number; retrySafe: boolean };

/** One patient's conversation: history, live updates, optimistic sending. */
export class Thread {
  readonly patientId: string;
  #patient = $state.raw<PatientDto | null>(null);
  #entries = $state.raw<ThreadEntry[]>([]);
  #loading = $state(true);
  #loadError = $state<string | null>(null);
  #notFound = $state(false);
  #hasEarlier = $state(false);
  #loadingEarlier = $state(false);
  #earlierError = $state<string | null>(null);
  #liveError = $state<string | null>(null);
  #presence = $state.raw<PresenceEventData | null>(null);
  /** Bumped when a typing indication lapses, so the presence line re-renders without ticking. */
  #clock = $state(Date.now());
  readonly #days = $derived(groupByDay(this.#entries));
  readonly #deps: ThreadDeps;
  readonly #presenceView = $derived(describePresence(this.#presence, this.#myId(), this.#clock));
  readonly #typingThrottle = new TypingThrottle();
  #presenceTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #pager: HistoryPager;
  #stops: (() => void)[] = [];
  #closed = false;

  constructor(patientId: string, deps: ThreadDeps) {
    this.patientId = patientId;
    this.#deps = deps;
    this.#pager = new HistoryPager((cursor) => deps.api.listMessages(patientId, { cursor, limit: PAGE_SIZE }));
  }

  get patient(): PatientDto | null {
    return this.#patient;
  }
  get entries(): ThreadEntry[] {
    return this.#entries;
  }
  get days(): DayGroup[] {
    return this.#days;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loadError(): string | null {
    return this.#loadError;
  }
  get notFound(): boolean {
    return this.#notFound;
  }
  get hasEarlier(): boolean {
    return this.#hasEarlier;
  }
  get loadingEarlier(): boolean {
    return this.#loadingEarlier;
  }
  get earlierError(): string | null {
    return this.#earlierError;
  }
  /** Set when the server refused or ignored `thread:watch`. */
  get liveError(): string | null {
    return this.#liveError;
  }

  #myId(): string | null {
    return this.#deps.currentUser()?.id ?? null;
  }

  /** Who else is viewing or typing in this thread. */
  get presence(): PresenceView {
    return this.#presenceView;
  }

  /** Everyone watching the thread now (me included), as the server last said. */
  get viewers(): { id: string; name: string }[] {
    return this.#presence?.viewers ?? [];
  }

  /** The conversation of the newest stored message (the one assign / close act on). */
  get conversationId(): string | null {
    for (let index = this.#entries.length - 1; index >= 0; index--) {
      const entry = this.#entries[index]!;
      if (!entry.pending && entry.message.conversationId) return entry.message.conversationId;
    }
    return null;
  }

  /** The newest text from the patient. */
  get latestInbound(): MessageDto | null {
    for (let index = this.#entries.length - 1; index >= 0; index--) {
      const entry = this.#entries[index]!;
      if (entry.message.direction === 'inbound') return entry.message;
    }
    return null;
  }

  /** True for a message of this tab that waits for the end of quiet hours. */
  isHeld(messageId: string): boolean {
    return heldMessages.has(messageId);
  }

  /** Tells the others in the thread that this user is typing (at most every 2 s). */
  notifyTyping(): void {
    if (!this.#typingThrottle.take()) return;
    void this.#deps.realtime.request('thread:typing', { patientId: this.patientId });
  }

  /** Subscribes to live events, watches the thread and loads it. Pair with `close`. */
  open(): void {
    const { realtime } = this.#deps;
    this.#stops = [
      realtime.on('message:new', (message) => {
        if (message.patientId === this.patientId) this.#entries = upsertMessages(this.#entries, [message]);
      }),
      realtime.on('message:status', (event) => {
        if (event.patientId === null || event.patientId === this.patientId) this.#entries = applyStatus(this.#entries, event);
      }),
      realtime.on('consent:changed', (event) => {
        if (this.#patient) this.#patient = applyConsent(this.#patient, event);
      }),
      realtime.on('presence', (data) => {
        if (data.patientId !== this.patientId) return;
        this.#presence = data;
        this.#clock = Date.now();
        this.#schedulePresenceRefresh();
      }),
      realtime.onResync(() => void this.reload()),
      realtime.watchThread(this.patientId, {
        onOk: () => (this.#liveError = null),
        onError: (error) => (this.#liveError = error),
      }),
    ];
    void this.reload();
  }

  close(): void {
    this.#closed = true;
    for (const stop of this.#stops) stop();
    this.#stops = [];
    if (this.#presenceTimer !== null) clearTimeout(this.#presenceTimer);
    this.#presenceTimer = null;
  }

  #schedulePresenceRefresh(): void {
    if (this.#presenceTimer !== null) clearTimeout(this.#presenceTimer);
    this.#presenceTimer = null;
    const next = this.#presenceView.nextChange;
    if (next === null || this.#closed) return;
    this.#presenceTimer = setTimeout(() => {
      this.#clock = Date.now();
      this.#schedulePresenceRefresh();
    }, Math.max(50, next - Date.now() + 20));
  }

  /** (Re)loads the patient and the newest page, keeping live and optimistic bubbles. */
  async reload(): Promise<void> {
    this.#loadError = null;
    const [patient, page] = await Promise.allSettled([this.#deps.api.getPatient(this.patientId), this.#pager.fetchNewest()]);
    if (this.#closed) return;
    if (patient.status === 'fulfilled') {
      this.#patient = patient.value;
    } else if (patient.reason instanceof ApiError && patient.reason.status === 404) {
      this.#notFound = true;
    } else {
      this.#loadError = errorMessage(patient.reason);
    }
    if (page.status === 'fulfilled') {
      const merged = mergeNewestPage(this.#entries, page.value);
      this.#entries = merged.entries;
      if (merged.restart || !this.#pager.started) this.#pager.restart(page.value.nextCursor);
      this.#hasEarlier = this.#pager.hasEarlier;
    } else if (!this.#notFound) {
      this.#loadError = errorMessage(page.reason);
    }
    this.#loading = false;
  }

  async loadEarlier(): Promise<void> {
    if (this.#loadingEarlier) return;
    this.#loadingEarlier = true;
    this.#earlierError = null;
    try {
      const page = await this.#pager.loadEarlier();
      if (this.#closed || !page) return;
      this.#entries = upsertMessages(this.#entries, page.items);
    } catch (error) {
      this.#earlierError = errorMessage(error);
    } finally {
      this.#hasEarlier = this.#pager.hasEarlier;
      this.#loadingEarlier = false;
    }
  }

  /** Shows the bubble at once, then posts; the bubble becomes the stored message or goes away on error. */
  async send(outgoing: OutgoingMessage): Promise<SendOutcome> {
    const { clientMessageId } = outgoing;
    const phone = this.#patient?.phones.find((candidate) => candidate.id === outgoing.phoneId);
    const user = this.#deps.currentUser();
    this.#entries = addPending(this.#entries, {
      clientMessageId,
      patientId: this.patientId,
      body: outgoing.body,
      to: phone?.number ?? '',
      lineId: outgoing.lineId,
      sentBy: user ? { id: user.id, name: user.name } : null,
      createdAt: new Date().toISOString(),
    });

    const request: SendMessageRequest = { body: outgoing.body, clientMessageId };
    if (outgoing.phoneId) request.phoneId = outgoing.phoneId;
    if (outgoing.lineId) request.lineId = outgoing.lineId;
    if (outgoing.templateId) request.templateId = outgoing.templateId;
    if (outgoing.sendAt) request.sendAt = outgoing.sendAt;
    if (outgoing.quietHoursOverride) request.quietHoursOverride = outgoing.quietHoursOverride;
    if (outgoing.attachmentIds?.length) request.attachmentIds = outgoing.attachmentIds;
    this.#typingThrottle.reset();

    try {
      const stored = await this.#deps.api.sendMessage(this.patientId, request);
      const message = { ...stored, clientMessageId: stored.clientMessageId ?? clientMessageId };
      this.#entries = upsertMessages(this.#entries, [message]);
      // Sent "now" but answered `scheduled`: the organisation's quiet hours hold it.
      if (message.status === 'scheduled' && !outgoing.sendAt) heldMessages.add(message.id);
      return { ok: true, message };
    } catch (error) {
      this.#entries = removePending(this.#entries, clientMessageId);
      const status = error instanceof ApiError ? error.status : 0;
      // 409: the number opted out meanwhile; refresh so the banner shows.
      if (status === 409) void this.#refreshPatient();
      return { ok: false, error: errorMessage(error), status, retrySafe: status === 0 || status >= 500 };
    }
  }

  /** Cancels a scheduled or held text (409 once it went to Twilio). */
  async cancel(messageId: string, options: { silent?: boolean } = {}): Promise<boolean> {
    try {
      const message = await this.#deps.api.cancelMessage(messageId);
      if (!this.#closed) this.#entries = upsertMessages(this.#entries, [message]);
      heldMessages.delete(messageId);
      if (!options.silent) this.#deps.toasts.info('Scheduled message canceled.');
      return true;
    } catch (error) {
      this.#deps.toasts.error('Could not cancel the message', error);
      return false;
    }
  }

  /** "Send now anyway": cancels the held text and sends it again now, with the reason (audited). */
  async sendNowDespiteQuietHours(held: MessageDto, reason: string): Promise<boolean> {
    if (!(await this.cancel(held.id, { silent: true }))) return false;
    const phone = this.#patient?.phones.find((candidate) => candidate.number === held.to);
    const outcome = await this.send({
      body: held.body,
      clientMessageId: randomId(),
      phoneId: phone?.id ?? null,
      lineId: held.lineId || null,
      templateId: null,
      quietHoursOverride: { reason },
    });
    if (!outcome.ok) this.#deps.toasts.error(`Not sent: ${outcome.error}`);
    return outcome.ok;
  }

  /** A delivery failed because the number is a landline: record that (texts to it are refused from now on). */
  async markLandline(number: string): Promise<boolean> {
    const phone = this.#patient?.phones.find((candidate) => candidate.number === number);
    if (!phone) {
      this.#deps.toasts.error('That number is no longer on the patient’s profile.');
      return false;
    }
    try {
      const patient = await this.#deps.api.markPhoneLandline(this.patientId, phone.id);
      if (!this.#closed) this.#patient = patient;
      this.#deps.toasts.success('Marked as a landline: texts will not be sent to it.');
      return true;
    } catch (error) {
      this.#deps.toasts.error('Could not mark the number as a landline', error);
      return false;
    }
  }

  async #refreshPatient(): Promise<void> {
    try {
      const patient = await this.#deps.api.getPatient(this.patientId);
      if (!this.#closed) this.#patient = patient;
    } catch {
      // The send error already tells the user what happened.
    }
  }
}
