import type { InboxUpdatedEventData } from '@care/shared';
import { applyInboxUpdate, applyReadUpdate, matchesScope, placeInList, searchItems, sortItems, toInboxItem, type InboxItem } from './inbox-list';
import { aMessage } from '../testing/factories';

function anItem(overrides: Partial<InboxItem> = {}): InboxItem {
  return {
    id: 'c1',
    lineId: 'line-1',
    patientId: 'p1',
    patientName: 'Maria Alvarez',
    phoneNumber: '+16175550111',
    status: 'open',
    assigneeId: null,
    assigneeName: null,
    unread: 0,
    myUnread: 0,
    lastMessage: null,
    lastMessageAt: '2025-01-01T10:00:00.000Z',
    waitingSince: null,
    ...overrides,
  };
}

function anUpdate(overrides: Partial<InboxUpdatedEventData> = {}): InboxUpdatedEventData {
  return {
    lineId: 'line-1',
    conversationId: 'c1',
    unread: 1,
    assigneeId: null,
    lastMessageAt: '2025-01-01T11:00:00.000Z',
    status: 'open',
    waitingSince: '2025-01-01T11:00:00.000Z',
    patientId: 'p1',
    patientName: 'Maria Alvarez',
    phoneNumber: '+16175550111',
    assigneeName: null,
    ...overrides,
  };
}

const inbound = (id: string, createdAt = '2025-01-01T11:00:00.000Z') => ({ id, direction: 'inbound' as const, body: 'hi', status: 'received' as const, createdAt });

describe('inbox list', () => {
  it('keeps only a preview of a conversation’s last message', () => {
    const item = toInboxItem({ ...anItem(), lastMessage: aMessage({ id: 'm1', body: 'Hello', direction: 'inbound', status: 'received' }) });
    expect(Object.keys(item.lastMessage!).sort()).toEqual(['body', 'createdAt', 'direction', 'id', 'status']);
  });

  it('follows the server’s filters', () => {
    const scope = { lineId: null, myId: 'me' };
    const open = anItem();
    expect(matchesScope(open, { ...scope, filter: 'all' })).toBe(true);
    expect(matchesScope(open, { ...scope, filter: 'unassigned' })).toBe(true);
    expect(matchesScope(open, { ...scope, filter: 'mine' })).toBe(false);
    expect(matchesScope({ ...open, assigneeId: 'me' }, { ...scope, filter: 'mine' })).toBe(true);
    expect(matchesScope(open, { ...scope, filter: 'waiting' })).toBe(false);
    expect(matchesScope({ ...open, waitingSince: '2025-01-01T00:00:00Z' }, { ...scope, filter: 'waiting' })).toBe(true);
    expect(matchesScope({ ...open, status: 'closed' }, { ...scope, filter: 'all' })).toBe(false);
    expect(matchesScope({ ...open, status: 'closed' }, { ...scope, filter: 'closed' })).toBe(true);
    expect(matchesScope(open, { ...scope, filter: 'all', lineId: 'line-2' })).toBe(false);
    expect(matchesScope({ ...open, lastMessageAt: null }, { ...scope, filter: 'all' })).toBe(false);
  });

  it('creates a conversation from its first update and counts a new inbound text once', () => {
    const created = applyInboxUpdate(undefined, anUpdate({ lastMessage: inbound('m1') }));
    expect(created).toMatchObject({ id: 'c1', patientName: 'Maria Alvarez', myUnread: 1, lastMessage: { id: 'm1' } });
    const again = applyInboxUpdate(created, anUpdate({ lastMessage: inbound('m1') }));
    expect(again.myUnread).toBe(1);
    const second = applyInboxUpdate(again, anUpdate({ lastMessage: inbound('m2', '2025-01-01T11:05:00.000Z') }));
    expect(second.myUnread).toBe(2);
  });

  it('keeps the last message when an update leaves it out, and never goes back to an older one', () => {
    const current = anItem({ lastMessage: inbound('m2', '2025-01-01T12:00:00.000Z'), myUnread: 1 });
    expect(applyInboxUpdate(current, anUpdate({ assigneeId: 'u1', assigneeName: 'Nina' }))).toMatchObject({ lastMessage: { id: 'm2' }, assigneeName: 'Nina', myUnread: 1 });
    expect(applyInboxUpdate(current, anUpdate({ lastMessage: inbound('m1', '2025-01-01T11:00:00.000Z') }))).toMatchObject({ lastMessage: { id: 'm2' }, myUnread: 1 });
    const reply = { id: 'm3', direction: 'outbound' as const, body: 'ok', status: 'queued' as const, createdAt: '2025-01-01T12:01:00.000Z' };
    expect(applyInboxUpdate(current, anUpdate({ lastMessage: reply, waitingSince: null }))).toMatchObject({ lastMessage: { id: 'm3' }, myUnread: 1, waitingSince: null });
  });

  it('takes the exact unread count from read:updated', () => {
    const item = anItem({ myUnread: 3 });
    expect(applyReadUpdate(item, { conversationId: 'c1', lineId: 'line-1', patientId: 'p1', lastReadAt: '', myUnread: 0 }).myUnread).toBe(0);
  });

  it('moves conversations in and out of the shown list', () => {
    const scope = { filter: 'unassigned' as const, lineId: null, myId: 'me' };
    const a = anItem({ id: 'a', lastMessageAt: '2025-01-01T10:00:00Z' });
    const b = anItem({ id: 'b', lastMessageAt: '2025-01-01T09:00:00Z' });
    const newer = anItem({ id: 'c', lastMessageAt: '2025-01-01T12:00:00Z' });
    expect(placeInList([a, b], newer, scope).map((item) => item.id)).toEqual(['c', 'a', 'b']);
    expect(placeInList([a, b], { ...b, lastMessageAt: '2025-01-02T00:00:00Z' }, scope).map((item) => item.id)).toEqual(['b', 'a']);
    expect(placeInList([a, b], { ...a, assigneeId: 'me' }, scope).map((item) => item.id)).toEqual(['b']);
  });

  it('sorts the waiting filter longest-waiting first', () => {
    const a = anItem({ id: 'a', waitingSince: '2025-01-01T10:00:00Z' });
    const b = anItem({ id: 'b', waitingSince: '2025-01-01T08:00:00Z' });
    expect(sortItems([a, b], 'waiting').map((item) => item.id)).toEqual(['b', 'a']);
    expect(sortItems([b, a], 'all').map((item) => item.id)).toEqual(['a', 'b']);
  });

  it('searches by name words or number digits', () => {
    const maria = anItem({ id: 'm' });
    const unknown = anItem({ id: 'u', patientId: null, patientName: null, phoneNumber: '+16175550199' });
    expect(searchItems([maria, unknown], 'maria').map((item) => item.id)).toEqual(['m']);
    expect(searchItems([maria, unknown], 'alv mar').map((item) => item.id)).toEqual(['m']);
    expect(searchItems([maria, unknown], '(617) 555-0199').map((item) => item.id)).toEqual(['u']);
    expect(searchItems([maria, unknown], '555').map((item) => item.id)).toEqual(['m', 'u']);
    expect(searchItems([maria, unknown], '  ').map((item) => item.id)).toEqual(['m', 'u']);
    expect(searchItems([maria, unknown], '12')).toEqual([]);
  });
});
