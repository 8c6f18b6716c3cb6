import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from '@mikro-orm/postgresql';
import { isMessageStatus, twilioErrorText, type MessageStatus } from '@care/shared';
import { ConsentService } from '../consent/consent.service';
import { PatientPhone } from '../patients/patient-phone.entity';
import { EventLogService, type CommittedEvent } from '../realtime/event-log.service';
import { WebhookReceipts } from '../twilio/webhook-receipts';
import type { TwilioMessageResult } from '../twilio/twilio-gateway';
import { conversationAudience } from './conversations';
import { Message } from './message.entity';
import { MessageStatusChange } from './message-status-change.entity';
import { recordStatusChange } from './outbound-status';
import { MessagingEvents, type ConsentChangedEvent, type MessageStatusChangedEvent } from './messaging.events';

export interface StatusCallback {
  messageSid: string;
  status: MessageStatus;
  errorCode: number | null;
}

/** What one transaction produced: events to push to browsers and domain events for other features. */
class Outcome {
  readonly pushed: CommittedEvent[] = [];
  readonly statusChanges: MessageStatusChangedEvent[] = [];
  readonly consentChanges: ConsentChangedEvent[] = [];
}

/** Where an outbound message is: Twilio's answers and callbacks applied, forward only, once each. */
@Injectable()
export class DeliveryStatusService {
  private readonly logger = new Logger('DeliveryStatusService');

  constructor(
    private readonly em: EntityManager,
    private readonly eventLog: EventLogService,
    private readonly consent: ConsentService,
    private readonly emitter: EventEmitter2,
  ) {}

  /** Twilio accepted the message: keep its SID, then apply callbacks that arrived before we knew it. */
  async recordSid(messageId: string, result: TwilioMessageResult): Promise<void> {
    const outcome = await this.em.fork().transactional(async (tx) => {
      const out = new Outcome();
      await lockSid(tx, result.sid);
      const message = await this.load(tx, { id: messageId });
      message.twilioSid = result.sid;
      await this.apply(tx, message, result.status, result.errorCode, 'api', out);
      for (const receipt of await WebhookReceipts.pendingStatuses(tx, result.sid)) {
        const status = receipt.messageStatus;
        if (isMessageStatus(status)) await this.apply(tx, message, status, parseErrorCode(receipt.params.ErrorCode), 'callback', out);
        receipt.processedAt = new Date();
      }
      return out;
    });
    this.publish(outcome);
  }

  /** Twilio refused the message (or could not be reached): it is failed, with the reason. */
  async recordFailure(messageId: string, failure: { code: number | null; message: string; optedOut: boolean }): Promise<void> {
    const outcome = await this.em.fork().transactional(async (tx) => {
      const out = new Outcome();
      const message = await this.load(tx, { id: messageId });
      message.errorCode = failure.code;
      message.errorMessage = failure.message;
      await this.apply(tx, message, 'failed', failure.code, 'api', out, failure.message);
      if (failure.optedOut) {
        // Twilio knows of a STOP we missed: record it so nobody tries again.
        const change = await this.consent.change(tx, message.organization.id, { number: message.to, optedOut: true, source: 'twilio-21610', line: message.line, message });
        if (change) {
          const audience = conversationAudience(message.conversation);
          const phone = message.patient ? await tx.findOne(PatientPhone, { patient: message.patient, number: message.to }) : null;
          out.pushed.push(await this.eventLog.append(tx, audience, 'consent:changed', { ...change, patientId: message.patient?.id ?? null, phoneId: phone?.id ?? null }));
          out.consentChanges.push({ organizationId: audience.organizationId, number: message.to, optedOut: true, patientId: audience.patientId, teamId: audience.teamId, source: change.source });
        }
      }
      return out;
    });
    this.publish(outcome);
  }

  /**
   * A StatusCallback from Twilio. Kept as a receipt first (duplicates stop there); applied when
   * the message is known, otherwise when the send records the SID.
   */
  async applyCallback(callback: StatusCallback, params: Record<string, string | string[]>, source: 'callback' | 'reconciliation' = 'callback'): Promise<boolean> {
    let stored = false;
    const outcome = await this.em.fork().transactional(async (tx) => {
      const out = new Outcome();
      await lockSid(tx, callback.messageSid);
      const receipt = await WebhookReceipts.insert(tx, 'status', callback.messageSid, callback.status, params);
      if (!receipt) return out;
      stored = true;
      const message = await tx.findOne(Message, { twilioSid: callback.messageSid }, { populate: ['conversation', 'conversation.line', 'line'] });
      if (!message) {
        this.logger.debug('status callback for an unknown SID kept for later');
        return out;
      }
      await this.apply(tx, message, callback.status, callback.errorCode, source, out);
      await WebhookReceipts.markProcessed(tx, receipt);
      return out;
    });
    this.publish(outcome);
    return stored;
  }

  private publish(outcome: Outcome): void {
    this.eventLog.publish(outcome.pushed);
    for (const change of outcome.statusChanges) this.emitter.emit(MessagingEvents.statusChanged, change);
    for (const change of outcome.consentChanges) this.emitter.emit(MessagingEvents.consentChanged, change);
  }

  private async apply(tx: EntityManager, message: Message, status: MessageStatus, errorCode: number | null, source: string, out: Outcome, errorMessage?: string): Promise<void> {
    // recordFailure knows more than the code (e.g. "after 3 attempts"): its text wins.
    const error = errorCode ? { code: errorCode, message: errorMessage ?? twilioErrorText(errorCode) } : undefined;
    if (!message.applyStatus(status, error)) {
      // A late or reordered callback (a `sent` after `delivered`) does not move the status, but
      // what Twilio reported is still part of the delivery history, once per status.
      if (source !== 'api' && !(await tx.count(MessageStatusChange, { message, status }))) {
        tx.persist(new MessageStatusChange(message, status, `${source}-late`, errorCode));
      }
      return;
    }
    const transition = await recordStatusChange(tx, this.eventLog, message, source, errorCode);
    out.pushed.push(transition.pushed);
    out.statusChanges.push(transition.change);
  }

  private load(tx: EntityManager, where: { id: string }): Promise<Message> {
    return tx.findOneOrFail(Message, where, { populate: ['conversation', 'conversation.line', 'line'] });
  }
}

/**
 * Serialises, per SID, recording the SID with applying its callbacks. Without it a callback that
 * arrives while the SID is being recorded finds no message (not committed yet) and is kept as
 * pending, after recordSid already looked for pending ones: the status would be lost.
 */
async function lockSid(tx: EntityManager, sid: string): Promise<void> {
  await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`twilio-sid:${sid}`]);
}

function parseErrorCode(value: string | string[] | undefined): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  const code = raw ? Number.parseInt(raw, 10) : Number.NaN;
  return Number.isFinite(code) && code > 0 ? code : null;
}
