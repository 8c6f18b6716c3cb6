import type { MessageDto, PatientDto, SendMessageRequest, UserDto } from '@care/shared';
import { ApiError, errorMessage, type CareApi } from '../lib/api';
import type { RealtimeClient } from '../lib/realtime';
import { applyConsent } from '../patients/phones';
import { groupByDay, type DayGroup } from './day-groups';
import { HistoryPager } from './history';
import { addPending, applyStatus, mergeNewestPage, removePending, upsertMessages, type ThreadEntry } from './message-list';

/** How many messages one history page holds. */
export const PAGE_SIZE = 50;

export interface ThreadDeps {
  api: CareApi;
  realtime: RealtimeClient;
  currentUser: () => UserDto | null;
}

export interface OutgoingMessage {
  body: string;
  clientMessageId: string;
  phoneId: string | null;
  lineId: string | null;
  templateId: string | null;
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
  readonly #days = $derived(groupByDay(this.#entries));
  readonly #deps: ThreadDeps;
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

    try {
      const stored = await this.#deps.api.sendMessage(this.patientId, request);
      const message = { ...stored, clientMessageId: stored.clientMessageId ?? clientMessageId };
      this.#entries = upsertMessages(this.#entries, [message]);
      return { ok: true, message };
    } catch (error) {
      this.#entries = removePending(this.#entries, clientMessageId);
      const status = error instanceof ApiError ? error.status : 0;
      // 409: the number opted out meanwhile; refresh so the banner shows.
      if (status === 409) void this.#refreshPatient();
      return { ok: false, error: errorMessage(error), status, retrySafe: status === 0 || status >= 500 };
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
