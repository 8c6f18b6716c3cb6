import type { NotificationEventData } from '@care/shared';
import { addNotification, markRead, notificationTarget, titleWithCount } from './notification-list';

const event = (id: string, createdAt: string): NotificationEventData => ({
  id,
  kind: 'inbound',
  patientId: 'p1',
  conversationId: 'c1',
  messageId: 'm1',
  text: 'New text from Maria Alvarez',
  unreadTotal: 1,
  createdAt,
});

describe('notification list', () => {
  it('adds each live notification once, newest first', () => {
    const one = addNotification([], event('n1', '2025-01-01T10:00:00Z'));
    const two = addNotification(one, event('n2', '2025-01-01T11:00:00Z'));
    expect(two.map((item) => item.id)).toEqual(['n2', 'n1']);
    expect(addNotification(two, event('n1', '2025-01-01T10:00:00Z'))).toHaveLength(2);
    expect(two[0]!.readAt).toBeNull();
  });

  it('marks some or all read', () => {
    const items = addNotification(addNotification([], event('n1', '2025-01-01T10:00:00Z')), event('n2', '2025-01-01T11:00:00Z'));
    expect(markRead(items, { notificationIds: ['n1'], all: false }, 'now').map((item) => item.readAt)).toEqual([null, 'now']);
    expect(markRead(items, { notificationIds: [], all: true }, 'now').every((item) => item.readAt === 'now')).toBe(true);
  });

  it('puts the count in front of the title, once', () => {
    expect(titleWithCount('Care SMS', 3)).toBe('(3) Care SMS');
    expect(titleWithCount('(3) Care SMS', 4)).toBe('(4) Care SMS');
    expect(titleWithCount('(3) Maria · Care SMS', 0)).toBe('Maria · Care SMS');
    expect(titleWithCount('Care SMS', 250)).toBe('(99+) Care SMS');
    expect(titleWithCount('(99+) Care SMS', 2)).toBe('(2) Care SMS');
  });

  it('leads to the conversation, else the patient', () => {
    expect(notificationTarget({ conversationId: 'c', patientId: 'p' })).toEqual({ conversationId: 'c' });
    expect(notificationTarget({ conversationId: null, patientId: 'p' })).toEqual({ patientId: 'p' });
    expect(notificationTarget({ conversationId: null, patientId: null })).toBeNull();
  });
});
