import type { MessageStatusEventData } from '@care/shared';
import { aMessage } from '../../testing/factories';
import { EventStream, parseEnvelope } from './event-stream';

const newMessage = (eventId: number, id = `m${eventId}`) => ({ eventId, type: 'message:new', at: '2025-01-01T00:00:00Z', data: aMessage({ id }) });
const status = (eventId: number, messageId: string, value: MessageStatusEventData['status']) => ({
  eventId,
  type: 'message:status',
  at: '2025-01-01T00:00:00Z',
  data: { messageId, patientId: 'patient-1', status: value, errorCode: null, errorMessage: null },
});

function record(stream: EventStream): string[] {
  const seen: string[] = [];
  stream.on('message:new', (data, event) => seen.push(`${event.eventId}:new:${data.id}`));
  stream.on('message:status', (data, event) => seen.push(`${event.eventId}:status:${data.messageId}:${data.status}`));
  return seen;
}

describe('EventStream', () => {
  it('dispatches by type and tracks the highest eventId', () => {
    const stream = new EventStream();
    const seen = record(stream);
    expect(stream.lastEventId).toBeNull();
    stream.receive(newMessage(3));
    stream.receive(status(5, 'm3', 'sent'));
    expect(seen).toEqual(['3:new:m3', '5:status:m3:sent']);
    expect(stream.lastEventId).toBe(5);
  });

  it('processes each eventId once', () => {
    const stream = new EventStream();
    const seen = record(stream);
    stream.receive(newMessage(1));
    stream.receive(newMessage(1));
    stream.endSync([newMessage(1), newMessage(2)]);
    expect(seen).toEqual(['1:new:m1', '2:new:m2']);
  });

  it('does not lower lastEventId for a late older event', () => {
    const stream = new EventStream();
    stream.receive(newMessage(9));
    stream.receive(newMessage(7));
    expect(stream.lastEventId).toBe(9);
  });

  it('holds live events during a sync and merges them with the replay in eventId order', () => {
    const stream = new EventStream();
    const seen = record(stream);
    stream.receive(newMessage(1));
    stream.beginSync();
    stream.receive(status(4, 'm2', 'delivered'));
    stream.receive(newMessage(3));
    expect(seen).toEqual(['1:new:m1']);
    stream.endSync([newMessage(2), newMessage(3)]);
    expect(seen).toEqual(['1:new:m1', '2:new:m2', '3:new:m3', '4:status:m2:delivered']);
    expect(stream.isSyncing).toBe(false);
    expect(stream.lastEventId).toBe(4);
  });

  it('releases held events in order when a sync is abandoned', () => {
    const stream = new EventStream();
    const seen = record(stream);
    stream.beginSync();
    stream.receive(newMessage(6));
    stream.receive(newMessage(5));
    stream.abortSync();
    expect(seen).toEqual(['5:new:m5', '6:new:m6']);
  });

  it('ignores malformed envelopes and unknown types', () => {
    const stream = new EventStream();
    const seen = record(stream);
    stream.receive(null);
    stream.receive({ type: 'message:new', data: aMessage() });
    stream.receive({ eventId: -1, type: 'message:new', data: aMessage() });
    stream.receive({ eventId: 1, type: 'shutdown', data: {} });
    stream.receive({ eventId: 2, type: 'message:new' });
    expect(seen).toEqual([]);
    expect(stream.lastEventId).toBeNull();
  });

  it('accepts numeric-string event ids (bigint columns)', () => {
    expect(parseEnvelope({ eventId: '12', type: 'message:new', at: '', data: {} })?.eventId).toBe(12);
  });

  it('passes presence through without de-duplication or ordering', () => {
    const stream = new EventStream();
    const presence = jest.fn();
    stream.on('presence', presence);
    stream.beginSync();
    stream.receive({ type: 'presence', data: { patientId: 'p', viewers: [], typing: [] } });
    stream.receive({ type: 'presence', data: { patientId: 'p', viewers: [], typing: [] } });
    expect(presence).toHaveBeenCalledTimes(2);
    expect(stream.lastEventId).toBeNull();
  });

  it('never takes the eventId 0 of presence as a sync position, and refuses 0 for logged events', () => {
    const stream = new EventStream();
    const presence = jest.fn();
    const inbox = jest.fn();
    stream.on('presence', presence);
    stream.on('inbox:updated', inbox);
    stream.receive({ eventId: 7, type: 'inbox:updated', at: '', data: {} });
    stream.receive({ eventId: 0, type: 'presence', at: '', data: { patientId: 'p', viewers: [], typing: [] } });
    stream.receive({ eventId: 0, type: 'presence', at: '', data: { patientId: 'p', viewers: [], typing: [] } });
    stream.receive({ eventId: 0, type: 'inbox:updated', at: '', data: {} });
    expect(presence).toHaveBeenCalledTimes(2);
    expect(inbox).toHaveBeenCalledTimes(1);
    expect(stream.lastEventId).toBe(7);
  });

  it('delivers the per-user events read:updated and notification:read like any logged event', () => {
    const stream = new EventStream();
    const read = jest.fn();
    const notificationRead = jest.fn();
    stream.on('read:updated', read);
    stream.on('notification:read', notificationRead);
    stream.receive({ eventId: 3, type: 'read:updated', at: '', data: { conversationId: 'c', myUnread: 0 } });
    stream.receive({ eventId: 3, type: 'read:updated', at: '', data: { conversationId: 'c', myUnread: 0 } });
    stream.receive({ eventId: 4, type: 'notification:read', at: '', data: { notificationIds: [], all: true, unreadTotal: 0 } });
    expect(read).toHaveBeenCalledTimes(1);
    expect(notificationRead).toHaveBeenCalledTimes(1);
    expect(stream.lastEventId).toBe(4);
  });

  it('keeps dispatching when one subscriber throws', () => {
    const reportError = jest.fn();
    const stream = new EventStream({ reportError });
    const second = jest.fn();
    stream.on('message:new', () => {
      throw new Error('boom');
    });
    stream.on('message:new', second);
    stream.receive(newMessage(1));
    expect(second).toHaveBeenCalledTimes(1);
    expect(reportError).toHaveBeenCalledTimes(1);
  });

  it('stops calling a handler after unsubscribe', () => {
    const stream = new EventStream();
    const handler = jest.fn();
    const off = stream.on('message:new', handler);
    off();
    stream.receive(newMessage(1));
    expect(handler).not.toHaveBeenCalled();
  });

  it('bounds its memory but still refuses forgotten (old) ids', () => {
    const stream = new EventStream({ maxTracked: 3 });
    const seen = record(stream);
    for (let id = 1; id <= 6; id++) stream.receive(newMessage(id));
    stream.receive(newMessage(2));
    stream.receive(newMessage(6));
    expect(seen).toHaveLength(6);
  });

  it('forgets everything on reset', () => {
    const stream = new EventStream();
    const seen = record(stream);
    stream.receive(newMessage(1));
    stream.reset();
    expect(stream.lastEventId).toBeNull();
    stream.receive(newMessage(1));
    expect(seen).toEqual(['1:new:m1', '1:new:m1']);
  });
});
