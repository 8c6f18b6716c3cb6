import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ConversationDto } from '@care/shared';
import { seesWholeOrganization, type AuthUser } from '../auth/auth-user';
import { AuditService, type AuditAction } from '../audit/audit.service';
import { ForbiddenError, InvalidInputError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { conversationAudience, inboxUpdate } from '../messaging/conversations';
import type { Conversation } from '../messaging/conversation.entity';
import { EventLogService, type CommittedEvent } from '../realtime/event-log.service';
import { User } from '../users/user.entity';
import { canSeeConversation, findVisibleConversation } from './conversation-access';
import { InboxService } from './inbox.service';

/**
 * Inbox actions on one conversation: assign/unassign, close, reopen. Each change is written with
 * its `inbox:updated` event in one transaction and pushed to everyone who sees the inbox after
 * commit. A change that changes nothing writes and pushes nothing.
 */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly eventLog: EventLogService,
    private readonly audit: AuditService,
    private readonly inbox: InboxService,
  ) {}

  /** A conversation the user may see (404 otherwise), with their own unread count. */
  async get(user: AuthUser, conversationId: string): Promise<ConversationDto> {
    const em = this.em.fork();
    const conversation = await findVisibleConversation(em, user, conversationId);
    const [dto] = await this.inbox.toDtos(em, user, [conversation]);
    return dto!;
  }

  /**
   * Members may take an unassigned conversation (assign it to themselves) or let go of their own;
   * supervisors and admins assign anyone. The assignee must be an active user who can see it.
   */
  assign(user: AuthUser, conversationId: string, assigneeId: string | null): Promise<ConversationDto> {
    return this.change(user, conversationId, 'conversation.assign', async (tx, conversation) => {
      const current = conversation.assignee?.id ?? null;
      if (!seesWholeOrganization(user)) {
        if (assigneeId !== null && assigneeId !== user.id) throw new ForbiddenError('Members may only assign conversations to themselves');
        // Taking over or dropping a colleague's conversation is a supervisor's call (no silent collisions).
        if (current !== null && current !== user.id) throw new ForbiddenError('This conversation is assigned to a colleague; ask a supervisor to reassign it');
      }
      if (assigneeId === current) return null;
      conversation.assignee = assigneeId === null ? null : await this.assignableUser(tx, user, conversation, assigneeId);
      return { from: current, to: assigneeId };
    });
  }

  close(user: AuthUser, conversationId: string): Promise<ConversationDto> {
    return this.change(user, conversationId, 'conversation.close', (_tx, conversation) => {
      if (conversation.status === 'closed') return Promise.resolve(null);
      conversation.status = 'closed';
      return Promise.resolve({});
    });
  }

  reopen(user: AuthUser, conversationId: string): Promise<ConversationDto> {
    return this.change(user, conversationId, 'conversation.reopen', (_tx, conversation) => {
      if (conversation.status === 'open') return Promise.resolve(null);
      conversation.status = 'open';
      return Promise.resolve({});
    });
  }

  /** Locks the conversation, applies `apply` (null = nothing to do), audits, logs the event, publishes after commit. */
  private async change(
    user: AuthUser,
    conversationId: string,
    action: AuditAction,
    apply: (tx: EntityManager, conversation: Conversation) => Promise<Record<string, unknown> | null>,
  ): Promise<ConversationDto> {
    const em = this.em.fork();
    const { conversation, events } = await em.transactional(async (tx) => {
      const found = await findVisibleConversation(tx, user, conversationId, { lock: true });
      const details = await apply(tx, found);
      if (details === null) return { conversation: found, events: [] as CommittedEvent[] };
      this.audit.record(tx, user, action, found.patient?.id ?? null, { conversationId: found.id, ...details });
      await tx.flush();
      return { conversation: found, events: [await this.eventLog.append(tx, conversationAudience(found), 'inbox:updated', inboxUpdate(found))] };
    });
    this.eventLog.publish(events);
    const [dto] = await this.inbox.toDtos(em, user, [conversation]);
    return dto!;
  }

  private async assignableUser(tx: EntityManager, actor: AuthUser, conversation: Conversation, userId: string): Promise<User> {
    const invalid = new InvalidInputError('userId must be an active user who can see this conversation');
    if (!isUuid(userId)) throw invalid;
    const assignee = await tx.findOne(User, { id: userId, organization: actor.organizationId }, { populate: ['teams'] });
    if (!assignee || assignee.disabledAt) throw invalid;
    const asAuthUser: AuthUser = {
      id: assignee.id,
      organizationId: actor.organizationId,
      email: assignee.email,
      name: assignee.name,
      role: assignee.role,
      teamIds: assignee.teams.getItems().map((team) => team.id),
    };
    if (!canSeeConversation(asAuthUser, conversation)) throw invalid;
    return assignee;
  }
}
