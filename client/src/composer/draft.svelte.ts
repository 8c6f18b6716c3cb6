import type { PatientPhoneDto, TemplateDto } from '@care/shared';
import { randomId } from '../lib/uuid';
import { allOptedOut, defaultPhone, hasNoTextablePhone } from '../patients/phones';
import type { Thread } from '../thread/thread.svelte';
import { describeCounter } from './counter';

/** What the nurse is writing in one thread, and sending it. */
export class Draft {
  #body = $state('');
  #chosenPhoneId = $state<string | null>(null);
  /** '' means Automatic: the server picks the line. */
  #lineId = $state('');
  #templateId = $state<string | null>(null);
  #error = $state<string | null>(null);
  #inFlight = $state(0);
  /** Kept across a failed attempt the server may have stored, so retrying cannot send twice. */
  #clientMessageId: string | null = null;
  readonly #thread: Thread;

  readonly #counter = $derived(describeCounter(this.#body));
  readonly #phone = $derived.by((): PatientPhoneDto | null => {
    const patient = this.#thread.patient;
    if (!patient) return null;
    const chosen = patient.phones.find((phone) => phone.id === this.#chosenPhoneId);
    return chosen && !chosen.optedOut ? chosen : defaultPhone(patient);
  });

  constructor(thread: Thread) {
    this.#thread = thread;
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
  get error(): string | null {
    return this.#error;
  }
  get sending(): boolean {
    return this.#inFlight > 0;
  }
  /** Every number of the patient opted out: nothing may be sent. */
  get blocked(): boolean {
    const patient = this.#thread.patient;
    return !patient || hasNoTextablePhone(patient) || allOptedOut(patient);
  }
  get canSend(): boolean {
    return !this.blocked && this.#phone !== null && this.#body.trim() !== '' && !this.#counter.tooLong;
  }

  setBody(value: string): void {
    if (value === this.#body) return;
    this.#body = value;
    this.#clientMessageId = null;
    this.#error = null;
    if (value === '') this.#templateId = null;
  }

  choosePhone(phoneId: string): void {
    this.#chosenPhoneId = phoneId;
  }

  chooseLine(lineId: string): void {
    this.#lineId = lineId;
  }

  /** Puts a template's text at the selection (or replaces the selection); returns where the caret goes. */
  insertTemplate(template: TemplateDto, selectionStart: number, selectionEnd: number): number {
    const before = this.#body.slice(0, selectionStart);
    const after = this.#body.slice(selectionEnd);
    const spacer = before && !/\s$/u.test(before) ? ' ' : '';
    this.setBody(before + spacer + template.body + after);
    this.#templateId = template.id;
    return before.length + spacer.length + template.body.length;
  }

  async send(): Promise<void> {
    if (!this.canSend) return;
    const body = this.#body;
    const clientMessageId = this.#clientMessageId ?? randomId();
    const templateId = this.#templateId;
    // Clear at once: the bubble in the thread shows what was sent.
    this.#body = '';
    this.#templateId = null;
    this.#clientMessageId = null;
    this.#error = null;
    this.#inFlight++;
    try {
      const outcome = await this.#thread.send({
        body,
        clientMessageId,
        phoneId: this.#phone?.id ?? null,
        lineId: this.#lineId || null,
        templateId,
      });
      if (outcome.ok) return;
      if (this.#body === '') {
        // Keep the text so nothing is lost; reuse the key only if the server may have it.
        this.#body = body;
        this.#templateId = templateId;
        this.#clientMessageId = outcome.retrySafe ? clientMessageId : null;
        this.#error = outcome.error;
      } else {
        this.#error = `Not sent: “${truncate(body, 60)}”. ${outcome.error}`;
      }
    } finally {
      this.#inFlight--;
    }
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
