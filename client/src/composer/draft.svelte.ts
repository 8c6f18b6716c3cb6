import type { PatientPhoneDto, TemplateDto } from '@care/shared';
import { localInputToIso } from '../lib/time';
import { randomId } from '../lib/uuid';
import { allOptedOut, defaultPhone, hasNoTextablePhone } from '../patients/phones';
import type { Thread } from '../thread/thread.svelte';
import { describeCounter } from './counter';
import { DraftAttachments, type AttachmentDeps } from './attachments.svelte';

export type InboundWarning = 'new' | 'confirm' | null;

/** What the nurse is writing in one thread, and sending it. */
export class Draft {
  #body = $state('');
  #chosenPhoneId = $state<string | null>(null);
  /** '' means Automatic: the server picks the line. */
  #lineId = $state('');
  #templateId = $state<string | null>(null);
  #error = $state<string | null>(null);
  #inFlight = $state(0);
  /** `datetime-local` value when "Schedule" is on; '' = send now. */
  #sendAt = $state('');
  #scheduling = $state(false);
  /**
   * The patient's newest text when this draft was started: a newer one arriving while typing is
   * worth a look before sending. `undefined` while the thread was still loading (no baseline).
   */
  #baselineInboundId = $state<string | null | undefined>(undefined);
  #confirming = $state(false);
  /** Kept across a failed attempt the server may have stored, so retrying cannot send twice. */
  #clientMessageId: string | null = null;
  readonly #thread: Thread;
  /** Files picked for this text (uploaded at once); null where uploading is not wired. */
  readonly attachments: DraftAttachments | null;

  readonly #counter = $derived(describeCounter(this.#body));
  readonly #phone = $derived.by((): PatientPhoneDto | null => {
    const patient = this.#thread.patient;
    if (!patient) return null;
    const chosen = patient.phones.find((phone) => phone.id === this.#chosenPhoneId);
    return chosen && !chosen.optedOut ? chosen : defaultPhone(patient);
  });
  readonly #newInbound = $derived.by((): boolean => {
    if (this.#body.trim() === '' || this.#baselineInboundId === undefined) return false;
    const latest = this.#thread.latestInbound;
    return latest !== null && latest.id !== this.#baselineInboundId;
  });

  constructor(thread: Thread, attachmentDeps?: AttachmentDeps) {
    this.#thread = thread;
    this.attachments = attachmentDeps ? new DraftAttachments(attachmentDeps) : null;
  }

  get body(): string {
    return this.#body;
  }
  get counter(): ReturnType<typeof describeCounter> {
    return this.#counter;
  }
  /** The number the message goes to; null when none can receive. */
  get phone(): PatientPhoneDto | null {
    return this.#phone;
  }
  get lineId(): string {
    return this.#lineId;
  }
  get templateId(): string | null {
    return this.#templateId;
  }
  get error(): string | null {
    return this.#error;
  }
  get sending(): boolean {
    return this.#inFlight > 0;
  }
  get scheduling(): boolean {
    return this.#scheduling;
  }
  get sendAt(): string {
    return this.#sendAt;
  }
  /** Why the chosen time cannot be used, or null. */
  get sendAtProblem(): string | null {
    if (!this.#scheduling) return null;
    const iso = localInputToIso(this.#sendAt);
    if (!iso) return 'Pick a date and time to send it.';
    if (Date.parse(iso) <= Date.now() + 60_000) return 'Pick a time at least a minute from now.';
    return null;
  }
  /** 'new': the patient texted while this was being written; 'confirm': Send was pressed once anyway. */
  get inboundWarning(): InboundWarning {
    if (this.#confirming && this.#body.trim() !== '') return 'confirm';
    return this.#newInbound ? 'new' : null;
  }
  /** Every number of the patient opted out: nothing may be sent. */
  get blocked(): boolean {
    const patient = this.#thread.patient;
    return !patient || hasNoTextablePhone(patient) || allOptedOut(patient);
  }
  get canSend(): boolean {
    const attachments = this.attachments;
    // With files attached the text may be empty; a file still uploading must finish first.
    const hasContent = this.#body.trim() !== '' || (attachments !== null && attachments.ids.length > 0);
    return !this.blocked && this.#phone !== null && hasContent && !attachments?.uploading && !this.#counter.tooLong && this.sendAtProblem === null;
  }

  setBody(value: string): void {
    if (value === this.#body) return;
    const starting = this.#body.trim() === '' && value.trim() !== '';
    this.#body = value;
    this.#clientMessageId = null;
    this.#error = null;
    if (value === '') this.#templateId = null;
    if (starting) {
      this.#baselineInboundId = this.#thread.loading ? undefined : (this.#thread.latestInbound?.id ?? null);
      this.#confirming = false;
    }
    if (value.trim() !== '') this.#thread.notifyTyping();
  }

  /** "I have read it": the warning goes until the patient texts again. */
  acknowledgeInbound(): void {
    this.#baselineInboundId = this.#thread.latestInbound?.id ?? null;
    this.#confirming = false;
  }

  choosePhone(phoneId: string): void {
    this.#chosenPhoneId = phoneId;
  }

  chooseLine(lineId: string): void {
    this.#lineId = lineId;
  }

  setScheduling(on: boolean, initial = ''): void {
    this.#scheduling = on;
    this.#sendAt = on ? this.#sendAt || initial : '';
  }

  setSendAt(value: string): void {
    this.#sendAt = value;
  }

  /** Puts text at the selection (or replaces the selection); returns where the caret goes. */
  insertText(text: string, selectionStart: number, selectionEnd: number, templateId: string | null = null): number {
    const before = this.#body.slice(0, selectionStart);
    const after = this.#body.slice(selectionEnd);
    const spacer = before && !/\s$/u.test(before) ? ' ' : '';
    this.setBody(before + spacer + text + after);
    if (templateId) this.#templateId = templateId;
    return before.length + spacer.length + text.length;
  }

  /** Puts a template's text at the selection (or replaces the selection); returns where the caret goes. */
  insertTemplate(template: TemplateDto, selectionStart: number, selectionEnd: number): number {
    return this.insertText(template.body, selectionStart, selectionEnd, template.id);
  }

  /** Starts over with this text (e.g. "Edit and resend" of a filtered message). */
  replaceBody(text: string): void {
    this.setBody(text);
  }

  /** Sends (or schedules). Returns false when it did not go, e.g. the first press after a new patient text. */
  async send(): Promise<boolean> {
    if (!this.canSend) return false;
    if (this.#newInbound && !this.#confirming) {
      // Look first: the next press sends.
      this.#baselineInboundId = this.#thread.latestInbound?.id ?? null;
      this.#confirming = true;
      return false;
    }
    const body = this.#body;
    const clientMessageId = this.#clientMessageId ?? randomId();
    const templateId = this.#templateId;
    const sendAt = this.#scheduling ? localInputToIso(this.#sendAt) : null;
    const attached = this.attachments?.items ?? [];
    const attachmentIds = this.attachments?.ids ?? [];
    // Clear at once: the bubble in the thread shows what was sent.
    this.attachments?.clear();
    this.#body = '';
    this.#templateId = null;
    this.#clientMessageId = null;
    this.#error = null;
    this.#confirming = false;
    this.#baselineInboundId = undefined;
    this.#inFlight++;
    try {
      const outcome = await this.#thread.send({
        body,
        clientMessageId,
        phoneId: this.#phone?.id ?? null,
        lineId: this.#lineId || null,
        templateId,
        sendAt,
        attachmentIds,
      });
      if (outcome.ok) {
        if (sendAt) this.setScheduling(false);
        return true;
      }
      if (this.#body === '') {
        // Keep the text so nothing is lost; reuse the key only if the server may have it.
        this.#body = body;
        this.#templateId = templateId;
        this.#clientMessageId = outcome.retrySafe ? clientMessageId : null;
        this.#error = outcome.error;
        this.attachments?.restore(attached);
      } else {
        this.#error = `Not sent: “${truncate(body, 60)}”. ${outcome.error}`;
      }
      return false;
    } finally {
      this.#inFlight--;
    }
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
