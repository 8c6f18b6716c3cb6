import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from '@mikro-orm/postgresql';
import { classifyKeyword, computeSegments, type KeywordKind } from '@care/shared';
import { ConsentService } from '../consent/consent.service';
import { LinesService } from '../lines/lines.service';
import { PatientPhone } from '../patients/patient-phone.entity';
import { EventLogService, type CommittedEvent } from '../realtime/event-log.service';
import { AuditService } from '../audit/audit.service';
import { WebhookReceipts } from '../twilio/webhook-receipts';
import { conversationAudience, findOrCreateConversation, inboxUpdate } from './conversations';
import { Message } from './message.entity';
import { MessageStatusChange } from './message-status-change.entity';
import { toMessageDto } from './message.mapper';
import { MessagingEvents, type ConsentChangedEvent, type MessageReceivedEvent } from './messaging.events';

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  messagingServiceSid?: string;
  mediaUrls: string[];
  /** Twilio's Advanced Opt-Out classification, when the service has it enabled. */
  optOutType?: KeywordKind;
}

/**
 * A patient's text arriving from Twilio. Stored exactly once per MessageSid, in the conversation
 * of its number and line; unknown numbers land in the line's inbox, never dropped.
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
  ) {}

  async receive(sms: InboundSms, params: Record<string, string | string[]>): Promise<void> {
    const domainEvents: [string, MessageReceivedEvent | ConsentChangedEvent][] = [];
    const events = await this.em.fork().transactional(async (tx) => {
      const receipt = await WebhookReceipts.insert(tx, 'inbound', sms.messageSid, 'received', params);
      if (!receipt) return [];
      const line = await this.lines.findByTwilioAddress(tx, sms.to, sms.messagingServiceSid);
      if (!line) {
        // Kept as an unprocessed receipt: an admin can add the line and nothing is lost.
        this.logger.warn(`inbound message ${sms.messageSid} is for a number that is not a configured line`);
        return [];
      }
      const phone = await tx.findOne(
        PatientPhone,
        { organization: line.organization, number: sms.from },
        { populate: ['patient', 'patient.team'], orderBy: { position: 'asc', createdAt: 'asc' } },
      );
      const patient = phone?.patient ?? null;
      const conversation = await findOrCreateConversation(tx, line, sms.from, patient);
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
        channel: sms.mediaUrls.length > 0 ? 'mms' : 'sms',
        media: sms.mediaUrls,
        twilioSid: sms.messageSid,
      });
      conversation.lastMessageAt = message.createdAt;
      conversation.unread += 1;
      conversation.status = 'open';
      tx.persist([message, new MessageStatusChange(message, 'received', 'inbound')]);
      await WebhookReceipts.markProcessed(tx, receipt);

      const audience = conversationAudience(conversation);
      const out: CommittedEvent[] = [
        await this.eventLog.append(tx, audience, 'message:new', toMessageDto(message)),
        await this.eventLog.append(tx, audience, 'inbox:updated', inboxUpdate(conversation)),
      ];

      const organizationId = line.organization.id;
      const teamId = conversation.team?.id ?? null;
      domainEvents.push([
        MessagingEvents.received,
        { organizationId, messageId: message.id, conversationId: conversation.id, lineId: line.id, patientId: patient?.id ?? null, teamId },
      ]);

      const keyword = sms.optOutType ?? classifyKeyword(sms.body);
      if (keyword === 'STOP' || keyword === 'START') {
        const optedOut = keyword === 'STOP';
        const change = await this.consent.change(tx, line.organization.id, {
          number: sms.from,
          optedOut,
          source: 'sms-keyword',
          keyword: sms.body.trim().toUpperCase(),
          line,
          message,
        });
        this.audit.record(tx, { id: null, organizationId: line.organization.id }, optedOut ? 'consent.opt-out' : 'consent.opt-in', patient?.id ?? null, {
          messageId: message.id,
          source: 'sms-keyword',
        });
        if (change) {
          out.push(await this.eventLog.append(tx, audience, 'consent:changed', { ...change, patientId: patient?.id ?? null, phoneId: phone?.id ?? null }));
          domainEvents.push([MessagingEvents.consentChanged, { organizationId, number: sms.from, optedOut, patientId: patient?.id ?? null, teamId, source: change.source }]);
        }
      }
      return out;
    });
    this.eventLog.publish(events);
    for (const [name, payload] of domainEvents) this.emitter.emit(name, payload);
  }
}
