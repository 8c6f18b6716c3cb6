import type { EntityManager } from '@mikro-orm/postgresql';
import { canSeeTeam, seesWholeOrganization, type AuthUser } from '../auth/auth-user';
import { NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { Conversation } from '../messaging/conversation.entity';

/**
 * A conversation the user may see (their teams', or any for supervisors and admins), with what its
 * DTO and events need loaded; otherwise NotFound, exactly as for a missing one. `lock` takes a row
 * lock first (inside a transaction), so concurrent actions on one conversation apply one by one.
 */
export async function findVisibleConversation(em: EntityManager, user: AuthUser, conversationId: string, options: { lock?: boolean } = {}): Promise<Conversation> {
  if (!isUuid(conversationId)) throw new NotFoundError('Conversation');
  if (options.lock) await em.execute('select 1 from conversation where id = ? for update', [conversationId]);
  const conversation = await em.findOne(
    Conversation,
    { id: conversationId, organization: user.organizationId },
    { populate: ['line', 'patient', 'assignee', 'team'], refresh: options.lock === true },
  );
  if (!conversation || !canSeeConversation(user, conversation)) throw new NotFoundError('Conversation');
  return conversation;
}

export function canSeeConversation(user: AuthUser, conversation: Conversation): boolean {
  return canSeeTeam(user, conversation.team?.id ?? null);
}

/** Filter of the conversations a user may see, for list and summary queries. */
export function visibleTeamIds(user: AuthUser): string[] | 'all' {
  return seesWholeOrganization(user) ? 'all' : user.teamIds;
}

/** A PostgreSQL array literal of UUIDs (ids from the database only), bound as one parameter. */
export function toPgArray(ids: string[]): string {
  return `{${ids.join(',')}}`;
}
