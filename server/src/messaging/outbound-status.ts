import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageStatus } from '@care/shared';
import type { CommittedEvent, EventLogService } from '../realtime/event-log.service';
import { conversationAudience } from './conversations';
import type { Message } from './message.entity';
import { MessageStatusChange } from './message-status-change.entity';
import type { MessageStatusChangedEvent } from './messaging.events';

export interface StatusTransition {
  pushed: CommittedEvent;
  change: MessageStatusChangedEvent;
}

/**
 * A status change the queue makes itself (scheduled → queued when it goes, → canceled), recorded
 * and pushed like Twilio's (`message:status`). The message's conversation must be loaded.
 * Returns null when the status would move backwards (nothing changes).
 */
export async function transitionOutbound(tx: EntityManager, eventLog: EventLogService, message: Message, status: MessageStatus, source: string): Promise<StatusTransition | null> {
  if (!message.applyStatus(status)) return null;
  return recordStatusChange(tx, eventLog, message, source);
}

/**
 * Records a status the message has just taken (after `message.applyStatus` accepted it): a history
 * row, the `message:status` event in this transaction, and the domain event to emit after commit.
 */
export async function recordStatusChange(tx: EntityManager, eventLog: EventLogService, message: Message, source: string, errorCode: number | null = null): Promise<StatusTransition> {
  tx.persist(new MessageStatusChange(message, message.status, source, errorCode));
  const audience = conversationAudience(message.conversation);
  const pushed = await eventLog.append(tx, audience, 'message:status', {
    messageId: message.id,
    patientId: message.patient?.id ?? null,
    status: message.status,
    errorCode: message.errorCode,
    errorMessage: message.errorMessage,
  });
  return {
    pushed,
    change: {
      organizationId: audience.organizationId,
      messageId: message.id,
      conversationId: message.conversation.id,
      patientId: audience.patientId,
      teamId: audience.teamId,
      status: message.status,
      errorCode: message.errorCode,
      sentById: message.sentBy?.id ?? null,
    },
  };
}
