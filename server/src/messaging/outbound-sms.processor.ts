import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { isE164, isMessageStatus, twilioErrorText, type MessageChannel } from '@care/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AttachmentsService } from '../attachments/attachments.service';
import { ConsentService } from '../consent/consent.service';
import { JobQueue } from '../jobs/job-queue';
import { Line } from '../lines/line.entity';
import { LineSendSlots, SPACING_MARGIN } from '../lines/line-send-slots';
import { EventLogService } from '../realtime/event-log.service';
import { TwilioGateway, TwilioSendError, type TwilioListedMessage, type TwilioMessageResult } from '../twilio/twilio-gateway';
import { Conversation } from './conversation.entity';
import { DeliveryStatusService } from './delivery-status.service';
import { Message } from './message.entity';
import { MessagingEvents } from './messaging.events';
import { retryDelayMs } from './outbound-timing';
import { transitionOutbound } from './outbound-status';

export const OUTBOUND_SMS_QUEUE = 'outbound-sms';

/** A job carries ids only; `slotAt` is a send slot of the line already reserved for this message. */
export interface OutboundSmsJob {
  messageId: string;
  slotAt?: string;
}

/** How far Twilio's clock (second precision) and ours may disagree when matching a lost send. */
const RECONCILE_CLOCK_MARGIN_MS = 60_000;
/** Newest messages per (to, from) looked at when reconciling. */
const RECONCILE_LIST_LIMIT = 50;

/** What one run needs of the message, read under its row lock. */
interface Claim {
  id: string;
  organizationId: string;
  to: string;
  body: string;
  media: string[];
  channel: MessageChannel;
  lineId: string;
  from: string | null;
  messagingServiceSid: string | null;
  mps: number;
  uncertainSince: Date | null;
  attempts: number;
  /** This run already counted its Twilio call. */
  counted: boolean;
}

/** Another worker holds the message's lease: let pg-boss retry the job later. */
class MessageBusyError extends Error {
  constructor(messageId: string) {
    super(`message ${messageId} is being sent by another worker`);
  }
}

/**
 * The outbound worker: hands a queued message to Twilio exactly once.
 *
 * - Under a row lock it claims the message (a lease) unless it already has a SID or is final.
 * - If an earlier attempt may have reached Twilio (timeout, crash: `uncertainSince`), it first
 *   looks the message up at Twilio (same to/from/body, created since then) and adopts its SID.
 * - It waits for the line's next send slot (LineSendSlots: the line's MPS across all processes);
 *   a slot further away than the lead time is kept in a new job that starts just before it.
 * - It records the SID (DeliveryStatusService.recordSid) before the job is acknowledged.
 * - 429, 5xx and network failures are retried with exponential backoff and jitter up to
 *   OUTBOUND_MAX_ATTEMPTS, then `failed` with the reason; other Twilio errors fail at once.
 */
@Injectable()
export class OutboundSmsProcessor implements OnModuleInit {
  private readonly logger = new Logger('OutboundSmsProcessor');
  /** Jobs are fetched this long before their slot, so polling never makes a send late. */
  private readonly leadMs: number;
  private readonly leaseMs: number;
  /** When this process last sent (or will send) from each line. */
  private readonly lastSend = new Map<string, number>();

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly twilio: TwilioGateway,
    private readonly deliveryStatus: DeliveryStatusService,
    private readonly slots: LineSendSlots,
    private readonly consent: ConsentService,
    private readonly eventLog: EventLogService,
    private readonly emitter: EventEmitter2,
    private readonly attachments: AttachmentsService,
  ) {
    this.leadMs = Math.max(2 * config.outbound.pollMs, 250);
    this.leaseMs = this.leadMs + 2 * config.twilio.timeoutMs + 5_000;
  }

  async onModuleInit(): Promise<void> {
    await this.jobs.register<OutboundSmsJob>(
      {
        name: OUTBOUND_SMS_QUEUE,
        // Only for crashes and database trouble: Twilio's answers are handled (and retried) here.
        retryLimit: 20,
        retryDelaySeconds: 5,
        expireInSeconds: Math.ceil((this.leaseMs + this.config.twilio.timeoutMs) / 1000) + 30,
      },
      (job) => this.process(job.data, job.signal),
      { enabled: this.config.outbound.workerEnabled, concurrency: this.config.outbound.concurrency, pollMs: this.config.outbound.pollMs },
    );
  }

  async process(job: OutboundSmsJob, signal: AbortSignal): Promise<void> {
    const claim = await this.claim(job.messageId);
    if (claim === 'done') return;
    if (claim === 'busy') throw new MessageBusyError(job.messageId);
    if (!isE164(claim.to)) {
      // Accepted numbers are E.164 (OutboundService); this one changed since. Never handed to Twilio.
      this.logger.warn(`message ${claim.id} not sent: the recipient is not an E.164 number`);
      await this.deliveryStatus.recordFailure(claim.id, { code: null, message: 'Not sent: the recipient is not a valid phone number in E.164 format (e.g. +16175550123); correct the number and send again.', optedOut: false });
      await this.release(claim.id);
      return;
    }
    let phase: 'reconcile' | 'create' = 'reconcile';
    try {
      if (claim.uncertainSince) {
        await this.countAttempt(claim);
        const found = await this.findAtTwilio(claim, claim.uncertainSince);
        if (found) return await this.adopt(claim, found);
        // Twilio does not have it: the earlier attempt never arrived, so sending is safe.
        await this.em.fork().nativeUpdate(Message, { id: claim.id }, { uncertainSince: null });
        claim.uncertainSince = null;
      }
      if (await this.consent.isOptedOut(claim.organizationId, claim.to, this.em.fork())) {
        // Final state first, lease last: nobody may pick the message up in between.
        await this.deliveryStatus.recordFailure(claim.id, { code: null, message: 'Not sent: this number opted out (replied STOP) before the message went.', optedOut: false });
        await this.release(claim.id);
        return;
      }

      // Book-keeping first and the slot last, so the request leaves right on its slot.
      const before = { attempts: claim.attempts, counted: claim.counted, uncertainSince: claim.uncertainSince };
      await this.markSending(claim);
      const slot = await this.sendSlot(claim, job.slotAt);
      const due = Date.now() + slot.waitMs;
      if (slot.waitMs > this.leadMs) return await this.postpone(claim, slot.at, slot.waitMs, before);
      phase = 'create';
      await sleep(due - Date.now(), signal);
      // Within this process, never closer than the spacing to the line's previous send, even
      // when this one is late (a slow moment must not bunch sends together).
      await sleep(this.pace(claim), signal);
      const result = await this.twilio.send({
        to: claim.to,
        from: claim.from,
        messagingServiceSid: claim.from ? null : claim.messagingServiceSid,
        body: claim.body,
        // Our attachments go as signed, expiring URLs: Twilio fetches them without credentials.
        mediaUrls: claim.media.map((entry) => this.attachments.mediaUrlForTwilio(entry)),
        sendAsMms: claim.channel === 'mms' && claim.media.length === 0,
        statusCallbackUrl: `${this.config.http.publicBaseUrl}/webhooks/twilio/status`,
      });
      // The SID is stored before the job is acknowledged; if this fails, `uncertainSince` makes
      // the retry find the message at Twilio instead of sending it again.
      await this.deliveryStatus.recordSid(claim.id, result);
      await this.release(claim.id, { uncertainSince: null });
      this.logger.log(`message ${claim.id} handed to Twilio as ${result.sid} (attempt ${claim.attempts})`);
    } catch (error) {
      if (error instanceof TwilioSendError) return await this.onTwilioError(claim, error, phase);
      await this.release(claim.id).catch(() => undefined);
      throw error;
    }
  }

  /** Locks the message and takes the lease, or says why not ('done': nothing to do). */
  private async claim(messageId: string): Promise<Claim | 'done' | 'busy'> {
    const em = this.em.fork();
    const outcome = await em.transactional(async (tx) => {
      const message = await tx.findOne(Message, { id: messageId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!message || message.direction !== 'outbound' || message.twilioSid) return 'done' as const;
      if (message.status !== 'queued' && message.status !== 'scheduled') return 'done' as const;
      const now = Date.now();
      if (message.leaseUntil && message.leaseUntil.getTime() > now) return 'busy' as const;
      // A stray early job; the scheduled one comes at its time.
      if (message.status === 'scheduled' && message.scheduledFor && message.scheduledFor.getTime() > now + 1_000) return 'done' as const;
      await tx.findOneOrFail(Conversation, message.conversation.id);
      const line = await tx.findOneOrFail(Line, message.line.id);
      const transition = message.status === 'scheduled' ? await transitionOutbound(tx, this.eventLog, message, 'queued', 'schedule') : null;
      message.leaseUntil = new Date(now + this.leaseMs);
      const claim: Claim = {
        id: message.id,
        organizationId: message.organization.id,
        to: message.to,
        body: message.body,
        media: [...message.media],
        channel: message.channel,
        lineId: line.id,
        from: line.number,
        messagingServiceSid: line.messagingServiceSid,
        mps: line.mps,
        uncertainSince: message.uncertainSince,
        attempts: message.sendAttempts,
        counted: false,
      };
      return { claim, transition };
    });
    if (typeof outcome === 'string') return outcome;
    if (outcome.transition) {
      this.eventLog.publish([outcome.transition.pushed]);
      this.emitter.emit(MessagingEvents.statusChanged, outcome.transition.change);
    }
    return outcome.claim;
  }

  /**
   * The message Twilio has from an attempt whose answer we never got: same recipient, sender and
   * text, created since the attempt, and not already another message of ours. Twilio has no
   * idempotency key on create, so this lookup is what keeps a retry from sending twice. The list
   * is not filtered by DateSent: a message still in Twilio's queue has no date_sent yet.
   */
  private async findAtTwilio(claim: Claim, since: Date): Promise<TwilioListedMessage | null> {
    const listed = await this.twilio.listMessages({ to: claim.to, ...(claim.from ? { from: claim.from } : {}), limit: RECONCILE_LIST_LIMIT });
    const earliest = since.getTime() - RECONCILE_CLOCK_MARGIN_MS;
    const candidates = listed.filter(
      (m) =>
        m.direction.startsWith('outbound') &&
        m.body === claim.body &&
        (claim.from !== null || m.messagingServiceSid === claim.messagingServiceSid) &&
        (m.dateCreated === null || m.dateCreated.getTime() >= earliest),
    );
    if (candidates.length === 0) return null;
    const known = await this.em.fork().find(Message, { twilioSid: { $in: candidates.map((m) => m.sid) } }, { fields: ['twilioSid'] });
    const taken = new Set(known.map((m) => m.twilioSid));
    // Newest first from Twilio: the oldest unclaimed one is ours.
    return candidates.filter((m) => !taken.has(m.sid)).at(-1) ?? null;
  }

  private async adopt(claim: Claim, found: TwilioListedMessage): Promise<void> {
    this.logger.log(`message ${claim.id}: found at Twilio as ${found.sid} after an unanswered attempt; not sending again`);
    const result: TwilioMessageResult = {
      sid: found.sid,
      status: isMessageStatus(found.status) ? found.status : 'queued',
      errorCode: found.errorCode,
      errorMessage: null,
    };
    await this.deliveryStatus.recordSid(claim.id, result);
    await this.release(claim.id, { uncertainSince: null });
  }

  /** The slot reserved earlier for this message if it is still good, else a new one. */
  private async sendSlot(claim: Claim, slotAt: string | undefined): Promise<{ at: Date; waitMs: number }> {
    if (slotAt) {
      const at = new Date(slotAt);
      const waitMs = await this.slots.waitFor(at);
      // Late by more than a fraction of the spacing: sending now would crowd the next slot.
      if (waitMs >= -Math.min(100, 250 / claim.mps)) return { at, waitMs: Math.max(0, waitMs) };
    }
    return this.slots.reserve(claim.lineId, claim.mps);
  }

  /**
   * The line is busy for a while: keep the reserved slot in a new job that starts just before it
   * (and undo the attempt marked for a send that is not happening now).
   */
  private async postpone(claim: Claim, at: Date, waitMs: number, before: { attempts: number; uncertainSince: Date | null }): Promise<void> {
    await this.em.fork().transactional(async (tx) => {
      await tx.nativeUpdate(Message, { id: claim.id }, { leaseUntil: null, sendAttempts: before.attempts, uncertainSince: before.uncertainSince });
      await this.jobs.enqueue(tx, OUTBOUND_SMS_QUEUE, { messageId: claim.id, slotAt: at.toISOString() } satisfies OutboundSmsJob, {
        startAfter: new Date(Date.now() + waitMs - this.leadMs),
      });
    });
  }

  private async onTwilioError(claim: Claim, error: TwilioSendError, phase: 'reconcile' | 'create'): Promise<void> {
    const code = error.code ?? 'none';
    // A lookup that failed proves nothing: it is always retried. A create answered with a
    // non-retryable error (invalid number, opted out...) fails at once with its explanation.
    if (phase === 'create' && !error.retryable) {
      this.logger.warn(`message ${claim.id} refused by Twilio: code ${code} (http ${error.httpStatus ?? 'none'})`);
      await this.deliveryStatus.recordFailure(claim.id, { code: error.code, message: twilioErrorText(error.code) ?? error.message, optedOut: error.code === 21610 });
      await this.release(claim.id, { uncertainSince: null });
      return;
    }
    // Definitely not at Twilio: a refused connection or an error answer to our create.
    const reachedTwilio = phase === 'create' ? error.ambiguous : claim.uncertainSince !== null;
    if (claim.attempts >= this.config.outbound.maxAttempts) {
      if (reachedTwilio) {
        const found = await this.findAtTwilio(claim, claim.uncertainSince ?? new Date()).catch(() => null);
        if (found) return this.adopt(claim, found);
      }
      this.logger.warn(`message ${claim.id}: giving up after ${claim.attempts} attempts (last: code ${code}, http ${error.httpStatus ?? 'none'})`);
      const reason = twilioErrorText(error.code) ?? error.message;
      await this.deliveryStatus.recordFailure(claim.id, { code: error.code, message: `Not sent: Twilio could not take the message after ${claim.attempts} attempts. ${reason}`, optedOut: false });
      await this.release(claim.id, { uncertainSince: null });
      return;
    }
    const delay = retryDelayMs(claim.attempts, { baseMs: this.config.outbound.retryBaseMs, maxMs: this.config.outbound.retryMaxMs });
    this.logger.warn(`message ${claim.id}: attempt ${claim.attempts} failed (code ${code}, http ${error.httpStatus ?? 'none'}${reachedTwilio ? ', may have reached Twilio' : ''}); retrying in ${delay} ms`);
    await this.em.fork().transactional(async (tx) => {
      await tx.nativeUpdate(Message, { id: claim.id }, { leaseUntil: null, ...(reachedTwilio ? {} : { uncertainSince: null }) });
      await this.jobs.enqueue(tx, OUTBOUND_SMS_QUEUE, { messageId: claim.id } satisfies OutboundSmsJob, { startAfter: new Date(Date.now() + delay) });
    });
  }

  /** One attempt per run, whether it looks the message up or creates it. */
  private async countAttempt(claim: Claim): Promise<void> {
    if (claim.counted) return;
    await this.em.fork().nativeUpdate(Message, { id: claim.id }, { sendAttempts: claim.attempts + 1 });
    claim.attempts += 1;
    claim.counted = true;
  }

  /** From here until Twilio answers, the outcome is uncertain: a crash must reconcile first. */
  private async markSending(claim: Claim): Promise<void> {
    const now = new Date();
    const uncertainSince = claim.uncertainSince ?? now;
    await this.em.fork().nativeUpdate(Message, { id: claim.id }, {
      sendAttempts: claim.counted ? claim.attempts : claim.attempts + 1,
      uncertainSince,
      leaseUntil: new Date(now.getTime() + this.leaseMs),
    });
    if (!claim.counted) claim.attempts += 1;
    claim.counted = true;
    claim.uncertainSince = uncertainSince;
  }

  /** Milliseconds to wait so this process keeps the line's spacing after its previous send. */
  private pace(claim: Claim): number {
    const spacing = (1000 / Math.max(claim.mps, 0.001)) * (1 + SPACING_MARGIN);
    const now = Date.now();
    const at = Math.max(now, (this.lastSend.get(claim.lineId) ?? 0) + spacing);
    this.lastSend.set(claim.lineId, at);
    return at - now;
  }

  private async release(messageId: string, extra: { uncertainSince?: null } = {}): Promise<void> {
    await this.em.fork().nativeUpdate(Message, { id: messageId }, { leaseUntil: null, ...extra });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return signal.aborted ? Promise.reject(new Error('shutting down')) : Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('shutting down'));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
