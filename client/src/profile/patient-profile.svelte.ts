import type { ConsentEventDto, MessageDto, MessageStatusEventData, PatientDto } from '@care/shared';
import { ApiError, errorMessage, type CareApi } from '../lib/api';
import type { RealtimeClient } from '../lib/realtime';
import { applyConsent } from '../patients/phones';

const MESSAGE_PAGE = 50;

export interface ProfileDeps {
  api: CareApi;
  realtime: RealtimeClient;
}

/** A paged list shown newest first, with "show older". */
class NewestFirstList<T extends { id: string }> {
  #items = $state.raw<T[]>([]);
  #nextCursor = $state<string | null>(null);
  #loading = $state(false);
  #error = $state<string | null>(null);
  readonly #fetch: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>;
  readonly #order: (page: T[]) => T[];

  constructor(fetch: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>, order: (page: T[]) => T[]) {
    this.#fetch = fetch;
    this.#order = order;
  }

  get items(): T[] {
    return this.#items;
  }
  get hasMore(): boolean {
    return this.#nextCursor !== null;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): string | null {
    return this.#error;
  }

  async reload(): Promise<void> {
    this.#loading = true;
    this.#error = null;
    try {
      const page = await this.#fetch(null);
      this.#items = this.#order(page.items);
      this.#nextCursor = page.nextCursor;
    } catch (error) {
      this.#error = errorMessage(error);
    } finally {
      this.#loading = false;
    }
  }

  async loadOlder(): Promise<void> {
    if (!this.#nextCursor || this.#loading) return;
    this.#loading = true;
    this.#error = null;
    try {
      const page = await this.#fetch(this.#nextCursor);
      const known = new Set(this.#items.map((item) => item.id));
      this.#items = [...this.#items, ...this.#order(page.items).filter((item) => !known.has(item.id))];
      this.#nextCursor = page.nextCursor;
    } catch (error) {
      this.#error = errorMessage(error);
    } finally {
      this.#loading = false;
    }
  }

  /** A live item: new ones go on top, known ones are replaced. */
  upsert(item: T): void {
    const index = this.#items.findIndex((candidate) => candidate.id === item.id);
    if (index === -1) this.#items = [item, ...this.#items];
    else this.#items = this.#items.map((candidate, i) => (i === index ? item : candidate));
  }

  update(id: string, change: (item: T) => T): void {
    if (!this.#items.some((item) => item.id === id)) return;
    this.#items = this.#items.map((item) => (item.id === id ? change(item) : item));
  }
}

/** A patient's profile: details, phones and consent, consent history and the full communication history. */
export class PatientProfile {
  readonly patientId: string;
  #patient = $state.raw<PatientDto | null>(null);
  #notFound = $state(false);
  #loadError = $state<string | null>(null);
  readonly consent: NewestFirstList<ConsentEventDto>;
  readonly messages: NewestFirstList<MessageDto>;
  readonly #deps: ProfileDeps;
  #stops: (() => void)[] = [];
  #closed = false;

  constructor(patientId: string, deps: ProfileDeps) {
    this.patientId = patientId;
    this.#deps = deps;
    // Consent history pages come newest first already; message pages are oldest first within a page.
    this.consent = new NewestFirstList((cursor) => deps.api.listConsentHistory(patientId, cursor), (page) => page);
    this.messages = new NewestFirstList((cursor) => deps.api.listMessages(patientId, { cursor, limit: MESSAGE_PAGE }), (page) => [...page].reverse());
  }

  get patient(): PatientDto | null {
    return this.#patient;
  }
  get notFound(): boolean {
    return this.#notFound;
  }
  get loadError(): string | null {
    return this.#loadError;
  }

  open(): void {
    const { realtime } = this.#deps;
    this.#stops = [
      realtime.on('consent:changed', (event) => {
        if (!this.#patient) return;
        const next = applyConsent(this.#patient, event);
        if (next === this.#patient && event.patientId !== this.patientId) return;
        this.#patient = next;
        void this.consent.reload();
      }),
      realtime.on('message:new', (message) => {
        if (message.patientId === this.patientId) this.messages.upsert(message);
      }),
      realtime.on('message:status', (event: MessageStatusEventData) => {
        if (event.patientId === null || event.patientId === this.patientId) {
          this.messages.update(event.messageId, (message) => ({ ...message, status: event.status, errorCode: event.errorCode, errorMessage: event.errorMessage }));
        }
      }),
      realtime.onResync(() => void this.reload()),
    ];
    void this.reload();
  }

  close(): void {
    this.#closed = true;
    for (const stop of this.#stops) stop();
    this.#stops = [];
  }

  async reload(): Promise<void> {
    this.#loadError = null;
    try {
      const patient = await this.#deps.api.getPatient(this.patientId);
      if (this.#closed) return;
      this.#patient = patient;
    } catch (error) {
      if (this.#closed) return;
      if (error instanceof ApiError && error.status === 404) this.#notFound = true;
      else this.#loadError = errorMessage(error);
      return;
    }
    await Promise.all([this.consent.reload(), this.messages.reload()]);
  }

  /** Staff record the opt-out the patient asked for by phone; throws the server's message on failure. */
  async recordOptOut(phoneId: string, reason: string): Promise<void> {
    await this.#deps.api.recordStaffOptOut(this.patientId, phoneId, reason.trim());
    if (this.#closed) return;
    const patient = this.#patient;
    if (patient) this.#patient = { ...patient, phones: patient.phones.map((phone) => (phone.id === phoneId ? { ...phone, optedOut: true } : phone)) };
    await this.consent.reload();
  }

  async markLandline(phoneId: string): Promise<void> {
    const patient = await this.#deps.api.markPhoneLandline(this.patientId, phoneId);
    if (!this.#closed) this.#patient = patient;
  }
}
