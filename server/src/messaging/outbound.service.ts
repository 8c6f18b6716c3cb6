import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { LockMode } from '@mikro-orm/core';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { MAX_BODY_LENGTH, computeSegments, isE164, smartEncode, type MessageDto } from '@care/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { canSeeTeam, type AuthUser } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { attachmentRef } from '../attachments/attachment-ref';
import { AttachmentsService } from '../attachments/attachments.service';
import { ConsentService } from '../consent/consent.service';
import { DomainError, InvalidInputError, NotFoundError, OptedOutError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { JobQueue } from '../jobs/job-queue';
import { LinesService } from '../lines/lines.service';
import { Organization } from '../organizations/organization.entity';
import { PatientsService } from '../patients/patients.service';
import type { PatientPhone } from '../patients/patient-phone.entity';
import { EventLogService, type CommittedEvent } from '../realtime/event-log.service';
import { TemplatesService } from '../templates/templates.service';
import type { Template } from '../templates/template.entity';
import { User } from '../users/user.entity';
import { Conversation } from './conversation.entity';
import { conversationAudience, findOrCreateConversation, inboxUpdate } from './conversations';
import { Message } from './message.entity';
import { MessageStatusChange } from './message-status-change.entity';
import { toMessageDto } from './message.mapper';
import type { SendMessageDto } from './send-message.dto';
import { MessagingEvents, type MessageAcceptedEvent } from './messaging.events';
import { OUTBOUND_SMS_QUEUE, type OutboundSmsJob } from './outbound-sms.processor';
import { quietHoursEnd } from './outbound-timing';
import { recipientTimeZone } from './recipient-time-zone';
import { transitionOutbound } from './outbound-status';

/** A `sendAt` closer than this is sent at once. */
const SCHEDULE_MIN_AHEAD_MS = 1_000;

/**
 * Accepting a text: validate, render, choose the line, then store the message, its events and its
 * send job in ONE transaction (persist, then queue) and answer at once. The worker
 * (OutboundSmsProcessor) hands it to Twilio; nothing here waits for Twilio.
 */
@Injectable()
export class OutboundService {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly patients: PatientsService,
    private readonly lines: LinesService,
    private readonly templates: TemplatesService,
    private readonly consent: ConsentService,
    private readonly eventLog: EventLogService,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly emitter: EventEmitter2,
    private readonly attachments: AttachmentsService,
  ) {}

  async send(user: AuthUser, patientId: string, request: SendMessageDto): Promise<MessageDto> {
    const em = this.em.fork();
    const patient = await this.patients.getVisible(user, patientId, em);

    const existing = await this.findByClientMessageId(em, user, request.clientMessageId);
    if (existing) return this.replay(existing, patient.id);

    const phone = choosePhone(patient.phones.getItems(), request.phoneId);
    if (await this.consent.isOptedOut(user.organizationId, phone.number, em)) throw new OptedOutError();
    const sendAt = request.sendAt ? new Date(request.sendAt) : null;

    let stored: { message: Message; events: CommittedEvent[] };
    try {
      stored = await em.transactional(async (tx) => {
        const line = await this.lines.chooseLine(tx, user, { lineId: request.lineId, number: phone.number, teamId: patient.team.id });
        const sender = await tx.findOneOrFail(User, user.id);
        const organization = await tx.findOneOrFail(Organization, user.organizationId);

        let template: Template | null = null;
        let body = request.body ?? '';
        if (request.templateId !== undefined) {
          template = await this.templates.findUsable(tx, user, request.templateId);
          // The sender's (possibly edited) text wins over the template's; either is rendered.
          body = this.templates.render(request.body ?? template.body, { patient, user: sender, organization, line });
        }
        if (request.smartEncoding) body = smartEncode(body);
        // Attachments (the sender's own unsent uploads; else 404) make it an MMS; the text may then be empty.
        const attachments = request.attachmentIds?.length ? await this.attachments.claimForSend(tx, user, request.attachmentIds) : [];
        if (!/\S/.test(body)) {
          if (attachments.length === 0) throw new InvalidInputError('body must not be empty');
          body = '';
        }
        if (body.length > MAX_BODY_LENGTH) throw new InvalidInputError(`body must be at most ${MAX_BODY_LENGTH} characters (Twilio's limit); it has ${body.length}`);
        const segmentInfo = computeSegments(body);
        const sendAsMms = segmentInfo.segments > this.config.messaging.mmsSegmentThreshold;

        // When it may go: the sender's sendAt, held to the end of quiet hours unless overridden.
        const now = new Date();
        const earliest = sendAt && sendAt.getTime() > now.getTime() + SCHEDULE_MIN_AHEAD_MS ? sendAt : now;
        const quietEnd = request.quietHoursOverride
          ? null
          : quietHoursEnd(earliest, { start: organization.quietHoursStart, end: organization.quietHoursEnd, timeZone: await recipientTimeZone(patient.timeZone, phone.number, organization.timeZone) });
        const scheduledFor = quietEnd ?? (earliest === now ? null : earliest);

        const conversation = await findOrCreateConversation(tx, line, phone.number, patient);
        const message = new Message({
          conversation,
          direction: 'outbound',
          body,
          from: line.number ?? line.messagingServiceSid ?? '',
          to: phone.number,
          status: scheduledFor ? 'scheduled' : 'queued',
          segments: segmentInfo.segments,
          encoding: segmentInfo.encoding,
          channel: sendAsMms || attachments.length > 0 ? 'mms' : 'sms',
          media: attachments.map((attachment) => attachmentRef(attachment.id)),
          mediaContentTypes: attachments.map((attachment) => attachment.contentType),
          sentBy: sender,
          clientMessageId: request.clientMessageId,
        });
        message.template = template;
        message.scheduledFor = scheduledFor;
        message.quietHoursOverrideReason = request.quietHoursOverride?.reason.trim() ?? null;
        conversation.lastMessageAt = message.createdAt;
        conversation.unread = 0;
        conversation.waitingSince = null;
        if (conversation.status === 'closed') conversation.status = 'open';
        for (const attachment of attachments) attachment.message = message;
        tx.persist([message, new MessageStatusChange(message, message.status, 'api')]);
        this.audit.record(tx, user, 'message.send', patient.id, {
          messageId: message.id,
          lineId: line.id,
          templateId: template?.id ?? null,
          scheduledFor: scheduledFor?.toISOString() ?? null,
          heldForQuietHours: quietEnd !== null,
          quietHoursOverride: request.quietHoursOverride ? true : undefined,
          attachmentIds: attachments.length > 0 ? attachments.map((attachment) => attachment.id) : undefined,
        });
        const audience = conversationAudience(conversation);
        const events = [
          await this.eventLog.append(tx, audience, 'message:new', toMessageDto(message)),
          await this.eventLog.append(tx, audience, 'inbox:updated', inboxUpdate(conversation, message)),
        ];
        await this.jobs.enqueue(tx, OUTBOUND_SMS_QUEUE, { messageId: message.id } satisfies OutboundSmsJob, { startAfter: scheduledFor });
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
    if (!stored.message.scheduledFor) this.jobs.notify(OUTBOUND_SMS_QUEUE);
    return toMessageDto(stored.message);
  }

  /**
   * Cancels a message that has not gone to Twilio yet (scheduled, held for quiet hours, or
   * waiting for its line's turn). Once a worker is handing it to Twilio it is too late (409).
   */
  async cancel(user: AuthUser, messageId: string): Promise<MessageDto> {
    if (!isUuid(messageId)) throw new NotFoundError('Message');
    const em = this.em.fork();
    const { message, pushed, change } = await em.transactional(async (tx) => {
      const found = await tx.findOne(Message, { id: messageId, organization: user.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!found || found.direction !== 'outbound') throw new NotFoundError('Message');
      const conversation = await tx.findOneOrFail(Conversation, found.conversation.id);
      if (!canSeeTeam(user, conversation.team?.id ?? null)) throw new NotFoundError('Message');
      await tx.populate(found, ['sentBy', 'template']);
      if (found.status === 'canceled') return { message: found, pushed: null, change: null };
      const inFlight = found.leaseUntil !== null && found.leaseUntil.getTime() > Date.now();
      if (found.twilioSid || found.uncertainSince || inFlight || (found.status !== 'scheduled' && found.status !== 'queued')) {
        throw new DomainError('conflict', 'This message has already gone to Twilio and can no longer be canceled');
      }
      const transition = await transitionOutbound(tx, this.eventLog, found, 'canceled', 'user');
      this.audit.record(tx, user, 'message.cancel', found.patient?.id ?? null, { messageId: found.id });
      return { message: found, pushed: transition?.pushed ?? null, change: transition?.change ?? null };
    });
    if (pushed) this.eventLog.publish([pushed]);
    if (change) this.emitter.emit(MessagingEvents.statusChanged, change);
    return toMessageDto(message);
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
    return sendableNumber(phone);
  }
  const phone = phones.find((candidate) => candidate.type === 'mobile') ?? phones.find((candidate) => candidate.type === 'unknown');
  if (!phone) throw new InvalidInputError('This patient has no number that can receive text messages');
  return sendableNumber(phone);
}

/** Only E.164 goes to Twilio; a number stored some other way (an import, a hand edit) is refused here. */
function sendableNumber(phone: PatientPhone): PatientPhone {
  if (!isE164(phone.number)) throw new InvalidInputError('This is not a valid phone number in E.164 format (e.g. +16175550123), so no text can be sent to it; correct the number first.');
  return phone;
}
