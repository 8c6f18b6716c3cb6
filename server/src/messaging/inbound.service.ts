import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from '@mikro-orm/postgresql';
import { classifyKeyword, computeSegments, detectFreeTextOptOut, type KeywordKind, type MessageFlag } from '@care/shared';
import { ConsentService } from '../consent/consent.service';
import { LinesService } from '../lines/lines.service';
import { Organization } from '../organizations/organization.entity';
import { PatientPhone } from '../patients/patient-phone.entity';
import { EventLogService, type CommittedEvent } from '../realtime/event-log.service';
import { AuditService } from '../audit/audit.service';
import { WebhookReceipts } from '../twilio/webhook-receipts';
import { conversationAudience, findOrCreateConversation, inboxUpdate } from './conversations';
import { AFTER_HOURS_KEY_PREFIX, helpReplyText, newAfterHoursReply, newHelpReply } from './help-reply';
import { isOutsideBusinessHours, parseBusinessDays } from './business-hours';
import type { Conversation } from './conversation.entity';
import { Message } from './message.entity';
import { MessageStatusChange } from './message-status-change.entity';
import { toMessageDto } from './message.mapper';
import { MessagingEvents, type ConsentChangedEvent, type MessageAcceptedEvent, type MessageReceivedEvent } from './messaging.events';
import { JobQueue } from '../jobs/job-queue';
import { OUTBOUND_SMS_QUEUE, type OutboundSmsJob } from './outbound-sms.processor';

/** At most one after-hours reply per conversation in this long: one per night, not one per text. */
const AFTER_HOURS_REPLY_EVERY_MS = 12 * 60 * 60 * 1000;

export interface InboundMedia {
  /** Twilio's MediaUrl{N}; fetched only server-side, with the account's credentials. */
  url: string;
  /** MediaContentType{N}. */
  contentType: string | null;
}

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  messagingServiceSid?: string;
  media: InboundMedia[];
  /** Twilio's Advanced Opt-Out classification, when the service has it enabled. */
  optOutType?: KeywordKind;
}

type DomainEvent = [string, MessageReceivedEvent | ConsentChangedEvent | MessageAcceptedEvent];

/**
 * A patient's text arriving from Twilio (webhook or reconciliation: the same path). Stored exactly
 * once per MessageSid, in the conversation of its number and line; unknown numbers land in the
 * line's inbox, never dropped. Keywords change consent in the same transaction; HELP gets the
 * organisation's reply; free-text opt-outs are flagged for the care team.
 */
@Injectable()
export class InboundService {
  private readonly logger = new Logger('InboundService');

  constructor(
    private readonly em: EntityManager,
    private readonly lines: LinesService,
    private readonly consent: ConsentService,
    private readonly eventLog: EventLogService,
    private readonly audit: AuditService,
    private readonly emitter: EventEmitter2,
    private readonly jobs: JobQueue,
  ) {}

  /** Returns true when the message was new and stored (false: a replay, or not for one of our lines). */
  async receive(sms: InboundSms, params: Record<string, string | string[]>): Promise<boolean> {
    const domainEvents: DomainEvent[] = [];
    let autoReplyQueued = false;
    const events = await this.em.fork().transactional(async (tx) => {
      const line = await this.lines.findByTwilioAddress(tx, sms.to, sms.messagingServiceSid);
      // The receipt is the once-only gate; it is applied below, in this transaction, when the line is ours.
      const receipt = await WebhookReceipts.insert(tx, 'inbound', sms.messageSid, 'received', params, { processed: line !== null });
      if (!receipt) return null;
      if (!line) {
        // Kept as an unprocessed receipt: an admin can add the line and nothing is lost.
        this.logger.warn(`inbound message ${sms.messageSid} is for a number that is not a configured line`);
        return null;
      }
      const phone = await tx.findOne(
        PatientPhone,
        { organization: line.organization, number: sms.from },
        { populate: ['patient', 'patient.team'], orderBy: { position: 'asc', createdAt: 'asc' } },
      );
      const patient = phone?.patient ?? null;
      const conversation = await findOrCreateConversation(tx, line, sms.from, patient);
      const keyword = sms.optOutType ?? classifyKeyword(sms.body);
      const flags: MessageFlag[] = keyword === null && detectFreeTextOptOut(sms.body) ? ['possible-opt-out'] : [];
      const segments = computeSegments(sms.body);
      const message = new Message({
        conversation,
        direction: 'inbound',
        body: sms.body,
        from: sms.from,
        to: sms.to,
        status: 'received',
        segments: segments.segments,
        encoding: segments.encoding,
        channel: sms.media.length > 0 ? 'mms' : 'sms',
        media: sms.media.map((item) => item.url),
        mediaContentTypes: sms.media.map((item) => item.contentType),
        twilioSid: sms.messageSid,
      });
      message.flags = flags;
      conversation.lastMessageAt = message.createdAt;
      conversation.unread += 1;
      conversation.status = 'open';
      conversation.waitingSince ??= message.createdAt;
      tx.persist([message, new MessageStatusChange(message, 'received', 'inbound')]);

      const audience = conversationAudience(conversation);
      const out: CommittedEvent[] = [
        await this.eventLog.append(tx, audience, 'message:new', toMessageDto(message)),
        await this.eventLog.append(tx, audience, 'inbox:updated', inboxUpdate(conversation, message)),
      ];

      const organizationId = line.organization.id;
      const teamId = conversation.team?.id ?? null;
      domainEvents.push([
        MessagingEvents.received,
        { organizationId, messageId: message.id, conversationId: conversation.id, lineId: line.id, patientId: patient?.id ?? null, teamId, flags },
      ]);
      if (flags.length > 0) this.logger.log(`inbound message ${message.id} flagged: ${flags.join(', ')}`);

      if (keyword === 'STOP' || keyword === 'START') {
        const optedOut = keyword === 'STOP';
        const change = await this.consent.change(tx, organizationId, {
          number: sms.from,
          optedOut,
          source: 'sms-keyword',
          keyword: sms.body.trim().replace(/[.!?]+$/u, '').toUpperCase(),
          optOutType: sms.optOutType ?? null,
          line,
          message,
        });
        this.audit.record(tx, { id: null, organizationId }, optedOut ? 'consent.opt-out' : 'consent.opt-in', patient?.id ?? null, {
          messageId: message.id,
          source: 'sms-keyword',
        });
        if (change) {
          out.push(await this.eventLog.append(tx, audience, 'consent:changed', { ...change, patientId: patient?.id ?? null, phoneId: phone?.id ?? null }));
          domainEvents.push([MessagingEvents.consentChanged, { organizationId, number: sms.from, optedOut, patientId: patient?.id ?? null, teamId, source: change.source }]);
        }
      }

      // Twilio answers HELP itself too; ours is the organisation's own text, logged in the thread.
      // Never to an opted-out number: after STOP nothing but their START may reach them.
      const autoReply = keyword === 'HELP' ? 'help' : keyword === null ? 'after-hours' : null;
      if (autoReply && !(await this.consent.isOptedOut(organizationId, sms.from, tx))) {
        const organization = await tx.findOneOrFail(Organization, organizationId);
        const reply = autoReply === 'help' ? newHelpReply(conversation, sms.messageSid, helpReplyText(organization)) : await this.afterHoursReply(tx, organization, conversation, sms.messageSid, message.createdAt);
        if (reply) {
          conversation.lastMessageAt = reply.createdAt;
          tx.persist([reply, new MessageStatusChange(reply, 'queued', 'auto-reply')]);
          this.audit.record(tx, { id: null, organizationId }, 'message.auto-reply', patient?.id ?? null, { messageId: reply.id, inReplyTo: message.id, reason: autoReply });
          out.push(await this.eventLog.append(tx, audience, 'message:new', toMessageDto(reply)));
          out.push(await this.eventLog.append(tx, audience, 'inbox:updated', inboxUpdate(conversation, reply)));
          domainEvents.push([
            MessagingEvents.sent,
            { organizationId, messageId: reply.id, conversationId: conversation.id, patientId: patient?.id ?? null, sentById: null },
          ]);
          // Sent by the outbound queue like any message (same job, same retries, same statuses).
          await this.jobs.enqueue(tx, OUTBOUND_SMS_QUEUE, { messageId: reply.id } satisfies OutboundSmsJob);
          autoReplyQueued = true;
        }
      }
      return out;
    });
    if (events === null) return false;
    this.eventLog.publish(events);
    for (const [name, payload] of domainEvents) this.emitter.emit(name, payload);
    if (autoReplyQueued) this.jobs.notify(OUTBOUND_SMS_QUEUE);
    return true;
  }

  /** The after-hours reply, when the organisation has one, it is after hours, and none went out recently. */
  private async afterHoursReply(tx: EntityManager, organization: Organization, conversation: Conversation, inboundSid: string, at: Date): Promise<Message | null> {
    const text = organization.afterHoursReply?.trim();
    if (!text) return null;
    const hours = { start: organization.businessHoursStart, end: organization.businessHoursEnd, days: parseBusinessDays(organization.businessDays), timeZone: organization.timeZone };
    if (!isOutsideBusinessHours(at, hours)) return null;
    const recent = await tx.count(Message, {
      conversation,
      clientMessageId: { $like: `${AFTER_HOURS_KEY_PREFIX}%` },
      createdAt: { $gt: new Date(at.getTime() - AFTER_HOURS_REPLY_EVERY_MS) },
    });
    return recent > 0 ? null : newAfterHoursReply(conversation, inboundSid, text);
  }
}
