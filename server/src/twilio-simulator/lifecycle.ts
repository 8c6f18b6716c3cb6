import { computeSegments, type MessageStatus } from '@care/shared';
import type { MessageStore } from './message-store';
import type { NumberDirectory } from './phone-numbers';
import type { MessageRecord, SimulatorLogger } from './simulator-types';
import type { StatusCallbackDispatcher } from './status-callbacks';
import type { TaskTracker } from './task-tracker';
import { deliveryErrorInfo } from './twilio-errors';

/** How the carrier will treat the message, decided when it is created. */
export type DeliveryOutcome =
  | { status: 'delivered' }
  | { status: 'undelivered' | 'failed'; errorCode: number; errorMessage: string };

export function deliveryOutcomeFor(errorCode: number | null): DeliveryOutcome {
  if (errorCode === null) return { status: 'delivered' };
  const info = deliveryErrorInfo(errorCode);
  return { status: info.status, errorCode, errorMessage: info.message };
}

/**
 * The statuses a message moves through after its initial one (twilio-facts §2.2):
 * [accepted ->] queued -> sending -> sent -> delivered | undelivered, or -> sending -> failed.
 */
export function plannedStatuses(initial: MessageStatus, outcome: DeliveryOutcome): MessageStatus[] {
  const steps: MessageStatus[] = initial === 'accepted' ? ['queued', 'sending'] : ['sending'];
  if (outcome.status === 'failed') return [...steps, 'failed'];
  return [...steps, 'sent', outcome.status];
}

/** Drives stored messages through Twilio's statuses, one step every `stepMs`. */
export class MessageLifecycle {
  constructor(
    private readonly store: MessageStore,
    private readonly numbers: NumberDirectory,
    private readonly callbacks: StatusCallbackDispatcher,
    private readonly tasks: TaskTracker,
    private readonly stepMs: number,
    private readonly logger: SimulatorLogger,
  ) {}

  start(record: MessageRecord, outcome: DeliveryOutcome): void {
    this.runSteps(record.sid, plannedStatuses(record.status, outcome), outcome);
  }

  private runSteps(sid: string, remaining: MessageStatus[], outcome: DeliveryOutcome): void {
    const [status, ...rest] = remaining;
    if (status === undefined) return;
    this.tasks.schedule(this.stepMs, () => {
      const record = this.apply(sid, status, outcome);
      // A deleted (or reset) message simply stops moving.
      if (record) this.runSteps(sid, rest, outcome);
    });
  }

  private apply(sid: string, status: MessageStatus, outcome: DeliveryOutcome): MessageRecord | undefined {
    const current = this.store.get(sid);
    if (!current) return undefined;
    const change: Partial<MessageRecord> = { status };
    if (status === 'queued' && current.messagingServiceSid) {
      // The service picks its sender now; only then are segments known (num_segments was "0").
      if (current.from === null) change.from = this.pickSender(current.messagingServiceSid);
      change.numSegments = segmentsFor(current.body, current.sid.startsWith('MM'));
    }
    if (status === 'sent') change.dateSent = new Date();
    if (outcome.status !== 'delivered' && status === outcome.status) {
      change.errorCode = outcome.errorCode;
      change.errorMessage = outcome.errorMessage;
    }
    const record = this.store.update(sid, change);
    if (!record) return undefined;
    this.logger.info(`message ${sid} is ${status}`);
    // Twilio documents no callback for `sending` (twilio-facts §2.2).
    if (status !== 'sending') this.callbacks.notify(record);
    return record;
  }

  /** The service's first number: the simulator has no geomatch or sticky-sender logic. */
  private pickSender(serviceSid: string): string | null {
    return this.numbers.service(serviceSid)?.numbers[0] ?? null;
  }
}

/** An MMS is billed and counted as one message; SMS segments come from Twilio's own calculator. */
export function segmentsFor(body: string, isMms: boolean): number {
  if (isMms) return 1;
  return computeSegments(body).segments;
}
