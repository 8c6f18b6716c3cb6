import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationDto, NotificationKind, NotificationPage, NotificationsReadResponse } from '@care/shared';
import type { AuthUser } from '../auth/auth-user';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { EventLogService, type CommittedEvent } from '../realtime/event-log.service';
import { Notification } from './notification.entity';

const PAGE_SIZE = 30;

export interface NewNotification {
  organizationId: string;
  userId: string;
  kind: NotificationKind;
  patientId: string | null;
  conversationId: string | null;
  messageId: string | null;
  /** Shown to the user only (may name the patient); never logged. */
  text: string;
}

/**
 * The bell: a user's notifications with their unread total. Every change is logged as an event
 * for that user only (their room and their `sync`), so all their tabs show the same badge.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly eventLog: EventLogService,
  ) {}

  /** Stores one notification (once per user, kind and message) and pushes it with the new unread total. */
  async notify(input: NewNotification): Promise<void> {
    const events = await this.em.fork().transactional(async (tx) => {
      await this.lockUser(tx, input.userId);
      const id = randomUUID();
      // Millisecond timestamps (as JS keeps them), so list cursors compare exactly.
      const createdAt = new Date();
      const inserted = await tx.execute<{ id: string }[]>(
        `insert into notification (id, created_at, organization_id, user_id, kind, patient_id, conversation_id, message_id, text)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (user_id, kind, message_id) do nothing returning id`,
        [id, createdAt, input.organizationId, input.userId, input.kind, input.patientId, input.conversationId, input.messageId, input.text],
      );
      if (inserted.length === 0) return [];
      const unreadTotal = await this.unreadTotal(tx, input.userId);
      return [
        await this.eventLog.append(tx, this.audience(input.organizationId, input.userId), 'notification', {
          id,
          kind: input.kind,
          patientId: input.patientId,
          conversationId: input.conversationId,
          messageId: input.messageId,
          text: input.text,
          createdAt: createdAt.toISOString(),
          unreadTotal,
        }),
      ];
    });
    this.eventLog.publish(events);
  }

  async list(user: AuthUser, cursor: string | undefined): Promise<NotificationPage> {
    const em = this.em.fork();
    const position = cursor ? decodeCursor(cursor) : null;
    const where = position
      ? { user: user.id, $or: [{ createdAt: { $lt: position.createdAt } }, { createdAt: position.createdAt, id: { $lt: position.id } }] }
      : { user: user.id };
    const rows = await em.find(Notification, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: PAGE_SIZE + 1 });
    const page = rows.slice(0, PAGE_SIZE);
    const last = page.at(-1);
    return {
      items: page.map(toNotificationDto),
      nextCursor: rows.length > PAGE_SIZE && last ? encodeCursor(last) : null,
      unreadTotal: await this.unreadTotal(em, user.id),
    };
  }

  async markRead(user: AuthUser, notificationId: string): Promise<NotificationsReadResponse> {
    if (!isUuid(notificationId)) throw new NotFoundError('Notification');
    return this.markWhere(user, false, async (tx) => {
      const rows = await tx.execute<{ id: string; read_at: Date | null }[]>('select id, read_at from notification where id = ? and user_id = ?', [notificationId, user.id]);
      if (rows.length === 0) throw new NotFoundError('Notification');
      if (rows[0]!.read_at) return [];
      await tx.execute('update notification set read_at = now() where id = ?', [notificationId]);
      return [notificationId];
    });
  }

  async markAllRead(user: AuthUser): Promise<NotificationsReadResponse> {
    return this.markWhere(user, true, async (tx) => {
      const rows = await tx.execute<{ id: string }[]>('update notification set read_at = now() where user_id = ? and read_at is null returning id', [user.id]);
      return rows.map((row) => row.id);
    });
  }

  private async markWhere(user: AuthUser, all: boolean, mark: (tx: EntityManager) => Promise<string[]>): Promise<NotificationsReadResponse> {
    const { unreadTotal, events } = await this.em.fork().transactional(async (tx) => {
      await this.lockUser(tx, user.id);
      const ids = await mark(tx);
      const total = await this.unreadTotal(tx, user.id);
      if (ids.length === 0) return { unreadTotal: total, events: [] as CommittedEvent[] };
      // "All" may be many: the ids are only listed for a single one; `all` says the rest.
      const event = await this.eventLog.append(tx, this.audience(user.organizationId, user.id), 'notification:read', {
        notificationIds: all ? [] : ids,
        all,
        unreadTotal: total,
      });
      return { unreadTotal: total, events: [event] };
    });
    this.eventLog.publish(events);
    return { unreadTotal };
  }

  private async unreadTotal(em: EntityManager, userId: string): Promise<number> {
    const [row] = await em.execute<{ total: string }[]>('select count(*) as total from notification where user_id = ? and read_at is null', [userId]);
    return Number(row?.total ?? 0);
  }

  /** One writer per user at a time, so each pushed `unreadTotal` is exact and in order. */
  private async lockUser(tx: EntityManager, userId: string): Promise<void> {
    await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`notification:${userId}`]);
  }

  private audience(organizationId: string, userId: string) {
    return { organizationId, teamId: null, lineId: null, patientId: null, userId };
  }
}

function toNotificationDto(notification: Notification): NotificationDto {
  return {
    id: notification.id,
    kind: notification.kind,
    patientId: notification.patientId,
    conversationId: notification.conversationId,
    messageId: notification.messageId,
    text: notification.text,
    createdAt: notification.createdAt.toISOString(),
    readAt: notification.readAt?.toISOString() ?? null,
  };
}

function encodeCursor(notification: Notification): string {
  return Buffer.from(`${notification.createdAt.toISOString()}|${notification.id}`).toString('base64url');
}

function decodeCursor(raw: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (Number.isNaN(createdAt.getTime()) || !isUuid(id)) throw new InvalidInputError('cursor is not valid');
  return { createdAt, id };
}
