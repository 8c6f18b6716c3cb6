import { randomUUID } from 'node:crypto';
import type { MessageStatus } from '@care/shared';
import { API_VERSION } from './credentials';
import { toRawDlrDoneDate } from './dates';
import type { FaultState } from './faults';
import { describeUrl, errorMessage } from './logging';
import type { MessageRecord, SimulatorLogger } from './simulator-types';
import type { TaskTracker } from './task-tracker';
import type { WebhookClient } from './webhook-client';

interface CallbackEvent {
  url: string;
  params: Record<string, string>;
  /** One token per event; a duplicate is a retry of the same event, so it carries the same token. */
  idempotencyToken: string;
  copies: number;
}

const FINAL_STATUSES: ReadonlySet<MessageStatus> = new Set(['delivered', 'undelivered', 'failed', 'canceled']);

/** Status callback parameters (twilio-facts §3.1), captured when the status changes. */
export function statusCallbackParams(record: MessageRecord, accountSid: string): Record<string, string> {
  const params: Record<string, string> = {
    SmsSid: record.sid,
    SmsStatus: record.status,
    MessageStatus: record.status,
    To: record.to,
    MessageSid: record.sid,
    AccountSid: accountSid,
    From: record.from ?? '',
    ApiVersion: API_VERSION,
  };
  if (record.messagingServiceSid) params.MessagingServiceSid = record.messagingServiceSid;
  if (record.errorCode !== null) params.ErrorCode = String(record.errorCode);
  if (record.status === 'delivered' || record.status === 'undelivered') {
    params.RawDlrDoneDate = toRawDlrDoneDate(record.dateUpdated);
  }
  return params;
}

/**
 * Sends each message's status callbacks one after another (so they arrive in order unless a
 * fault says otherwise). Failures are logged and dropped: Twilio does not retry a callback that
 * got an HTTP error either (twilio-facts §3.3).
 */
export class StatusCallbackDispatcher {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly held = new Map<string, CallbackEvent[]>();

  constructor(
    private readonly accountSid: string,
    private readonly webhooks: WebhookClient,
    private readonly faults: FaultState,
    private readonly tasks: TaskTracker,
    private readonly logger: SimulatorLogger,
  ) {}

  /** Call after a status change of a message that has a `StatusCallback`. */
  notify(record: MessageRecord): void {
    if (!record.statusCallback) return;
    if (this.faults.callbacks.drop) {
      this.logger.warn(`status callback for ${record.sid} (${record.status}) dropped by fault`);
      return;
    }
    const event: CallbackEvent = {
      url: record.statusCallback,
      params: statusCallbackParams(record, this.accountSid),
      idempotencyToken: randomUUID(),
      copies: this.faults.callbacks.duplicate ? 2 : 1,
    };
    const held = this.held.get(record.sid) ?? [];
    const isFinal = FINAL_STATUSES.has(record.status);
    if (this.faults.callbacks.shuffle && !isFinal) {
      this.held.set(record.sid, [...held, event]);
      return;
    }
    this.held.delete(record.sid);
    // With shuffle on, the final status goes first and the held ones follow newest first,
    // e.g. delivered before sent: the reordering Twilio warns about (twilio-facts §2.2).
    const ordered = this.faults.callbacks.shuffle ? [event, ...held.reverse()] : [...held, event];
    for (const e of ordered) this.enqueue(record.sid, e);
  }

  /** Drops held callbacks (reset, delete). Requests already on the wire finish on their own. */
  forget(sid?: string): void {
    if (sid === undefined) this.held.clear();
    else this.held.delete(sid);
  }

  private enqueue(sid: string, event: CallbackEvent): void {
    const previous = this.queues.get(sid) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(sid, event));
    this.queues.set(sid, next);
    this.tasks.track(next);
    void next.then(() => {
      if (this.queues.get(sid) === next) this.queues.delete(sid);
    });
  }

  private async deliver(sid: string, event: CallbackEvent): Promise<void> {
    for (let copy = 0; copy < event.copies; copy += 1) {
      try {
        const response = await this.webhooks.post(event.url, event.params, event.idempotencyToken);
        if (response.status >= 400) {
          this.logger.warn(`status callback for ${sid} (${event.params.MessageStatus}) answered HTTP ${response.status}`);
        }
      } catch (error) {
        this.logger.warn(
          `status callback for ${sid} (${event.params.MessageStatus}) to ${describeUrl(event.url)} failed: ${errorMessage(error)}`,
        );
      }
    }
  }
}
