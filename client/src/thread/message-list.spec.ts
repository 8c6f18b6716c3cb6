import { aMessage } from '../testing/factories';
import { addPending, applyStatus, mergeNewestPage, removePending, upsertMessages, type PendingDraft, type ThreadEntry } from './message-list';

const draft = (clientMessageId: string, body = 'Hello'): PendingDraft => ({
  clientMessageId,
  patientId: 'patient-1',
  body,
  to: '+16175550111',
  lineId: null,
  sentBy: { id: 'user-1', name: 'Nina Nurse' },
  createdAt: '2025-01-01T13:00:00.000Z',
});

const ids = (entries: ThreadEntry[]): string[] => entries.map((entry) => (entry.pending ? `pending:${entry.message.clientMessageId}` : entry.message.id));

describe('upsertMessages', () => {
  it('adds new messages in time order and de-duplicates by id', () => {
    const a = aMessage({ id: 'a', createdAt: '2025-01-01T10:00:00Z' });
    const b = aMessage({ id: 'b', createdAt: '2025-01-01T09:00:00Z' });
    let entries = upsertMessages([], [a, b]);
    entries = upsertMessages(entries, [a]);
    expect(ids(entries)).toEqual(['b', 'a']);
  });

  it('orders messages with the same time by id for a stable view', () => {
    const at = '2025-01-01T10:00:00Z';
    expect(ids(upsertMessages([], [aMessage({ id: 'z', createdAt: at }), aMessage({ id: 'y', createdAt: at })]))).toEqual(['y', 'z']);
  });

  it('turns the optimistic bubble into the stored message when the 202 arrives', () => {
    let entries = addPending([], draft('c1'));
    const key = entries[0]?.key;
    entries = upsertMessages(entries, [aMessage({ id: 'm1', clientMessageId: 'c1', status: 'queued' })]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ key, pending: false, message: { id: 'm1' } });
  });

  it('never shows two bubbles whether message:new or the 202 comes first', () => {
    const stored = aMessage({ id: 'm1', clientMessageId: 'c1', status: 'queued' });
    const viaEvent = upsertMessages(upsertMessages(addPending([], draft('c1')), [{ ...stored, status: 'sent' }]), [stored]);
    expect(ids(viaEvent)).toEqual(['m1']);
    expect(viaEvent[0]?.message.status).toBe('sent');
  });

  it('drops the optimistic bubble when the event lacked clientMessageId and the 202 then names it', () => {
    const withoutKey = aMessage({ id: 'm1', clientMessageId: null });
    let entries = upsertMessages(addPending([], draft('c1')), [withoutKey]);
    expect(entries).toHaveLength(2);
    entries = upsertMessages(entries, [{ ...withoutKey, clientMessageId: 'c1' }]);
    expect(ids(entries)).toEqual(['m1']);
  });

  it('keeps optimistic bubbles last, in the order they were sent', () => {
    let entries = upsertMessages([], [aMessage({ id: 'old', createdAt: '2025-01-01T10:00:00Z' })]);
    entries = addPending(entries, { ...draft('c1'), createdAt: '2025-01-01T09:00:00Z' });
    entries = addPending(entries, { ...draft('c2'), createdAt: '2025-01-01T08:00:00Z' });
    entries = upsertMessages(entries, [aMessage({ id: 'reply', direction: 'inbound', createdAt: '2025-01-01T11:00:00Z' })]);
    expect(ids(entries)).toEqual(['old', 'reply', 'pending:c1', 'pending:c2']);
  });

  it('does not let a replayed message:new move the status backwards', () => {
    const delivered = upsertMessages([], [aMessage({ id: 'm1', status: 'delivered', body: 'old body' })]);
    const replayed = upsertMessages(delivered, [aMessage({ id: 'm1', status: 'queued', body: 'new body' })]);
    expect(replayed[0]?.message).toMatchObject({ status: 'delivered', body: 'new body' });
  });
});

describe('addPending / removePending', () => {
  it('adds one bubble per clientMessageId', () => {
    const entries = addPending(addPending([], draft('c1')), draft('c1'));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ pending: true, message: { direction: 'outbound', body: 'Hello', clientMessageId: 'c1' } });
  });

  it('removes only the failed optimistic bubble', () => {
    let entries = addPending(addPending([], draft('c1')), draft('c2'));
    entries = removePending(entries, 'c1');
    expect(ids(entries)).toEqual(['pending:c2']);
  });
});

describe('applyStatus', () => {
  const base = upsertMessages([], [aMessage({ id: 'm1', status: 'queued' })]);

  it('moves a status forward in place with its error', () => {
    const entries = applyStatus(base, { messageId: 'm1', patientId: 'patient-1', status: 'undelivered', errorCode: 30003, errorMessage: 'Unreachable' });
    expect(entries[0]?.message).toMatchObject({ status: 'undelivered', errorCode: 30003, errorMessage: 'Unreachable' });
    expect(entries[0]?.key).toBe(base[0]?.key);
  });

  it('ignores late and unknown updates', () => {
    const delivered = applyStatus(base, { messageId: 'm1', patientId: null, status: 'delivered', errorCode: null, errorMessage: null });
    const late = applyStatus(delivered, { messageId: 'm1', patientId: null, status: 'sent', errorCode: null, errorMessage: null });
    expect(late[0]?.message.status).toBe('delivered');
    const unknown = applyStatus(delivered, { messageId: 'nope', patientId: null, status: 'failed', errorCode: null, errorMessage: null });
    expect(unknown).toEqual(delivered);
  });
});

describe('mergeNewestPage', () => {
  const page = (items: ReturnType<typeof aMessage>[], nextCursor: string | null) => ({ items, nextCursor });

  it('starts paging from the first page', () => {
    const result = mergeNewestPage([], page([aMessage({ id: 'a' })], 'older'));
    expect(ids(result.entries)).toEqual(['a']);
    expect(result.restart).toBe(true);
  });

  it('keeps earlier pages when the reloaded page connects to what is shown', () => {
    const entries = upsertMessages([], [
      aMessage({ id: 'older-page', createdAt: '2025-01-01T01:00:00Z' }),
      aMessage({ id: 'p1', createdAt: '2025-01-01T10:00:00Z' }),
    ]);
    const result = mergeNewestPage(entries, page([aMessage({ id: 'p1', createdAt: '2025-01-01T10:00:00Z' }), aMessage({ id: 'p2', createdAt: '2025-01-01T11:00:00Z' })], 'c'));
    expect(ids(result.entries)).toEqual(['older-page', 'p1', 'p2']);
    expect(result.restart).toBe(false);
  });

  it('keeps everything when the page is the whole history', () => {
    const entries = upsertMessages([], [aMessage({ id: 'a', createdAt: '2025-01-01T01:00:00Z' })]);
    const result = mergeNewestPage(entries, page([aMessage({ id: 'b', createdAt: '2025-01-01T10:00:00Z' })], null));
    expect(ids(result.entries)).toEqual(['a', 'b']);
    expect(result.restart).toBe(false);
  });

  it('drops older entries that could hide a gap, keeping live and pending ones, and restarts paging', () => {
    let entries = upsertMessages([], [
      aMessage({ id: 'ancient', createdAt: '2025-01-01T01:00:00Z' }),
      aMessage({ id: 'live', createdAt: '2025-01-01T20:00:00Z' }),
    ]);
    entries = addPending(entries, draft('c1'));
    const result = mergeNewestPage(entries, page([aMessage({ id: 'p1', createdAt: '2025-01-01T10:00:00Z' }), aMessage({ id: 'p2', createdAt: '2025-01-01T11:00:00Z' })], 'older'));
    expect(ids(result.entries)).toEqual(['p1', 'p2', 'live', 'pending:c1']);
    expect(result.restart).toBe(true);
  });
});
