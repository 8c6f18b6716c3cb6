import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { EntityManager } from '@mikro-orm/postgresql';
import { formatPhone } from '@care/shared';
import { canSeeTeam, toAuthUser, type AuthUser } from '../auth/auth-user';
import { Conversation } from '../messaging/conversation.entity';
import { Message } from '../messaging/message.entity';
import {
  MessagingEvents,
  type ConsentChangedEvent,
  type MessageReceivedEvent,
  type MessageStatusChangedEvent,
} from '../messaging/messaging.events';
import { Patient } from '../patients/patient.entity';
import { User } from '../users/user.entity';
import { NotificationsService, type NewNotification } from './notifications.service';

const FAILED_STATUSES = new Set(['failed', 'undelivered']);

/**
 * Turns messaging's domain events (emitted after commit) into bell notifications:
 * - an inbound text: to the assignee of the conversation, else to the members of its team;
 * - a failed or undelivered text: to the user who sent it;
 * - an opt-out: to the members of the patient's team.
 * Recipients must be active and still allowed to see the conversation. Logs carry ids only.
 */
@Injectable()
export class NotificationsListener {
  private readonly logger = new Logger('NotificationsListener');

  constructor(
    private readonly em: EntityManager,
    private readonly notifications: NotificationsService,
  ) {}

  @OnEvent(MessagingEvents.received)
  async onReceived(event: MessageReceivedEvent): Promise<void> {
    await this.guard(`message ${event.messageId}`, async () => {
      const em = this.em.fork();
      const conversation = await em.findOne(Conversation, event.conversationId, { populate: ['assignee', 'assignee.teams', 'patient', 'team'] });
      if (!conversation) return;
      const assignee = conversation.assignee;
      let recipients: User[];
      if (assignee && !assignee.disabledAt && canSeeTeam(toAuthUser(assignee), conversation.team?.id ?? null)) recipients = [assignee];
      else recipients = conversation.team ? await this.activeMembers(em, conversation.team.id) : [];
      const who = conversation.patient?.name ?? formatPhone(conversation.externalNumber);
      await this.send(
        recipients.map((user) => ({
          organizationId: event.organizationId,
          userId: user.id,
          kind: 'inbound',
          patientId: conversation.patient?.id ?? null,
          conversationId: conversation.id,
          messageId: event.messageId,
          text: `New text from ${who}`,
        })),
      );
    });
  }

  @OnEvent(MessagingEvents.statusChanged)
  async onStatusChanged(event: MessageStatusChangedEvent): Promise<void> {
    if (!FAILED_STATUSES.has(event.status) || !event.sentById) return;
    const senderId = event.sentById;
    await this.guard(`message ${event.messageId}`, async () => {
      const em = this.em.fork();
      const sender = await em.findOne(User, senderId, { populate: ['teams'] });
      if (!sender || sender.disabledAt || !canSeeTeam(toAuthUser(sender), event.teamId)) return;
      const message = await em.findOne(Message, event.messageId, { populate: ['patient', 'conversation'] });
      if (!message) return;
      const who = message.patient?.name ?? formatPhone(message.to);
      const code = event.errorCode ? ` (error ${event.errorCode})` : '';
      await this.send([
        {
          organizationId: event.organizationId,
          userId: sender.id,
          kind: 'failed',
          patientId: event.patientId,
          conversationId: event.conversationId,
          messageId: event.messageId,
          text: `Your text to ${who} was not delivered${code}`,
        },
      ]);
    });
  }

  @OnEvent(MessagingEvents.consentChanged)
  async onConsentChanged(event: ConsentChangedEvent): Promise<void> {
    if (!event.optedOut || !event.teamId) return;
    const teamId = event.teamId;
    await this.guard(`consent change of patient ${event.patientId ?? 'unknown'}`, async () => {
      const em = this.em.fork();
      const patient = event.patientId ? await em.findOne(Patient, event.patientId) : null;
      const who = patient?.name ?? formatPhone(event.number);
      await this.send(
        (await this.activeMembers(em, teamId)).map((user) => ({
          organizationId: event.organizationId,
          userId: user.id,
          kind: 'opt-out',
          patientId: event.patientId,
          conversationId: null,
          messageId: null,
          text: `${who} opted out of text messages`,
        })),
      );
    });
  }

  private activeMembers(em: EntityManager, teamId: string): Promise<User[]> {
    return em.find(User, { teams: teamId, disabledAt: null });
  }

  private async send(notifications: NewNotification[]): Promise<void> {
    for (const notification of notifications) await this.notifications.notify(notification);
  }

  /** Listeners run after the change committed: a failure here is logged, never thrown back. */
  private async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error(`notifications for ${what} not created: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
