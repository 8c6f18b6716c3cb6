import type { NotificationDto, NotificationEventData, NotificationReadEventData } from '@care/shared';

/** A live `notification` event as a list entry (newest first, each id once). */
export function addNotification(items: readonly NotificationDto[], event: NotificationEventData): NotificationDto[] {
  if (items.some((item) => item.id === event.id)) return [...items];
  const entry: NotificationDto = {
    id: event.id,
    kind: event.kind,
    patientId: event.patientId,
    conversationId: event.conversationId,
    messageId: event.messageId,
    text: event.text,
    createdAt: event.createdAt,
    readAt: null,
  };
  return [entry, ...items].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** Marks entries read (some ids, or all), as a `notification:read` event or an API answer says. */
export function markRead(items: readonly NotificationDto[], read: Pick<NotificationReadEventData, 'notificationIds' | 'all'>, at: string): NotificationDto[] {
  const ids = new Set(read.notificationIds);
  return items.map((item) => (item.readAt === null && (read.all || ids.has(item.id)) ? { ...item, readAt: at } : item));
}

/** "(3) Care SMS": the unread count in front of a page title (replacing an old one). */
export function titleWithCount(title: string, count: number): string {
  const base = title.replace(/^\(\d+\+?\)\s*/u, '');
  if (count <= 0) return base;
  return `(${count > 99 ? '99+' : count}) ${base}`;
}

/** Where a notification leads: its conversation in the Communication Center, else the patient's thread. */
export function notificationTarget(item: Pick<NotificationDto, 'conversationId' | 'patientId'>): { conversationId: string } | { patientId: string } | null {
  if (item.conversationId) return { conversationId: item.conversationId };
  if (item.patientId) return { patientId: item.patientId };
  return null;
}
