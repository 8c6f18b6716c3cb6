import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { computeSegments, explainTwilioError, type MessageDto } from '@care/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { AuthUser } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { ConsentService } from '../consent/consent.service';
import { DomainError, InvalidInputError, NotFoundError, OptedOutError } from '../common/errors/domain-error';
import { LinesService } from '../lines/lines.service';
import { PatientsService } from '../patients/patients.service';
import type { PatientPhone } from '../patients/patient-phone.entity';
import { EventLogService, type CommittedEvent } from '../realtime/event-log.service';
import { TwilioGateway, TwilioSendError } from '../twilio/twilio-gateway';
import { User } from '../users/user.entity';
import { conversationAudience, findOrCreateConversation, inboxUpdate } from './conversations';
import { DeliveryStatusService } from './delivery-status.service';
import { Message } from './message.entity';
import { MessageStatusChange } from './message-status-change.entity';
import { toMessageDto } from './message.mapper';
import type { SendMessageDto } from './send-message.dto';
import { MessagingEvents, type MessageAcceptedEvent } from './messaging.events';

/**
 * Sending a text: validate, store (with its event) in one transaction, then hand it to Twilio.
 * Storing first means a message the user sent is never lost, whatever Twilio answers.
 */
@Injectable()
export class OutboundService {
  private readonly logger = new Logger('OutboundService');

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly patients: PatientsService,
    private readonly lines: LinesService,
    private readonly consent: ConsentService,
    private readonly eventLog: EventLogService,
    private readonly audit: AuditService,
    private readonly twilio: TwilioGateway,
    private readonly deliveryStatus: DeliveryStatusService,
    private readonly emitter: EventEmitter2,
  ) {}

  async send(user: AuthUser, patientId: string, request: SendMessageDto): Promise<MessageDto> {
    const em = this.em.fork();
    const patient = await this.patients.getVisible(user, patientId, em);

    const existing = await this.findByClientMessageId(em, user, request.clientMessageId);
    if (existing) return this.replay(existing, patient.id);

    const phone = choosePhone(patient.phones.getItems(), request.phoneId);
    if (await this.consent.isOptedOut(user.organizationId, phone.number, em)) throw new OptedOutError();

    const segmentInfo = computeSegments(request.body);
    const sendAsMms = segmentInfo.segments > this.config.messaging.mmsSegmentThreshold;

    let stored: { message: Message; events: CommittedEvent[] };
    try {
      stored = await em.transactional(async (tx) => {
        const line = await this.lines.chooseLine(tx, user, { lineId: request.lineId, number: phone.number, teamId: patient.team.id });
        const conversation = await findOrCreateConversation(tx, line, phone.number, patient);
        const sender = await tx.findOneOrFail(User, user.id);
        const message = new Message({
          conversation,
          direction: 'outbound',
          body: request.body,
          from: line.number ?? line.messagingServiceSid ?? '',
          to: phone.number,
          status: 'queued',
          segments: segmentInfo.segments,
          encoding: segmentInfo.encoding,
          channel: sendAsMms ? 'mms' : 'sms',
          sentBy: sender,
          clientMessageId: request.clientMessageId,
        });
        conversation.lastMessageAt = message.createdAt;
        conversation.unread = 0;
        if (conversation.status === 'closed') conversation.status = 'open';
        tx.persist([message, new MessageStatusChange(message, 'queued', 'api')]);
        this.audit.record(tx, user, 'message.send', patient.id, { messageId: message.id, lineId: line.id, templateId: request.templateId ?? null });
        const audience = conversationAudience(conversation);
        const events = [
          await this.eventLog.append(tx, audience, 'message:new', toMessageDto(message)),
          await this.eventLog.append(tx, audience, 'inbox:updated', inboxUpdate(conversation)),
        ];
        return { message, events };
      });
    } catch (error) {
      // The same key sent twice at the same moment: the loser answers with the winner's message.
      if (error instanceof UniqueConstraintViolationException) {
        const winner = await this.findByClientMessageId(this.em.fork(), user, request.clientMessageId);
        if (winner) return this.replay(winner, patient.id);
      }
      throw error;
    }
    this.eventLog.publish(stored.events);
    this.emitter.emit(MessagingEvents.sent, {
      organizationId: user.organizationId,
      messageId: stored.message.id,
      conversationId: stored.message.conversation.id,
      patientId: patient.id,
      sentById: user.id,
    } satisfies MessageAcceptedEvent);
    await this.dispatch(stored.message.id);
    const sent = await this.em.fork().findOneOrFail(Message, stored.message.id, { populate: ['sentBy'] });
    return toMessageDto(sent);
  }

  /**
   * Hands a stored message to Twilio and records the outcome: the SID (then any status callbacks
   * that raced ahead of it), or the refusal with Twilio's code and a plain explanation.
   */
  async dispatch(messageId: string): Promise<void> {
    const em = this.em.fork();
    const message = await em.findOneOrFail(Message, messageId, { populate: ['line', 'conversation', 'conversation.line'] });
    if (message.twilioSid || message.status !== 'queued') return;
    try {
      const result = await this.twilio.send({
        to: message.to,
        from: message.line.number,
        messagingServiceSid: message.line.number ? null : message.line.messagingServiceSid,
        body: message.body,
        mediaUrls: message.media,
        sendAsMms: message.channel === 'mms' && message.media.length === 0,
        statusCallbackUrl: `${this.config.http.publicBaseUrl}/webhooks/twilio/status`,
      });
      await this.deliveryStatus.recordSid(message.id, result);
    } catch (error) {
      if (!(error instanceof TwilioSendError)) throw error;
      this.logger.warn(`message ${message.id} refused by Twilio: code ${error.code ?? 'none'} (http ${error.httpStatus ?? 'none'})`);
      const explanation = explainTwilioError(error.code);
      await this.deliveryStatus.recordFailure(message.id, {
        code: error.code,
        message: explanation ? `${explanation.title}. ${explanation.action}` : error.message,
        optedOut: error.code === 21610,
      });
    }
  }

  private findByClientMessageId(em: EntityManager, user: AuthUser, clientMessageId: string): Promise<Message | null> {
    return em.findOne(Message, { organization: user.organizationId, clientMessageId }, { populate: ['sentBy', 'conversation', 'line'] });
  }

  /** An idempotent resend: the same key answers with the stored message, for the same patient only. */
  private replay(message: Message, patientId: string): MessageDto {
    if (message.patient?.id !== patientId) {
      throw new DomainError('conflict', 'clientMessageId was already used for another message');
    }
    return toMessageDto(message);
  }
}

function choosePhone(phones: PatientPhone[], phoneId: string | undefined): PatientPhone {
  if (phoneId !== undefined) {
    const phone = phones.find((candidate) => candidate.id === phoneId);
    if (!phone) throw new NotFoundError('Phone');
    if (phone.type === 'landline') throw new InvalidInputError('This number is a landline and cannot receive text messages');
    return phone;
  }
  const phone = phones.find((candidate) => candidate.type === 'mobile') ?? phones.find((candidate) => candidate.type === 'unknown');
  if (!phone) throw new InvalidInputError('This patient has no number that can receive text messages');
  return phone;
}
