import type { MessageDto, Page } from '@care/shared';
import { aMessage } from '../testing/factories';
import { HistoryPager } from './history';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('HistoryPager', () => {
  it('follows nextCursor back in time until it is null', async () => {
    const pages: Record<string, Page<MessageDto>> = {
      first: { items: [aMessage({ id: 'm3' })], nextCursor: 'c2' },
      c2: { items: [aMessage({ id: 'm2' })], nextCursor: 'c1' },
      c1: { items: [aMessage({ id: 'm1' })], nextCursor: null },
    };
    const cursors: Array<string | null> = [];
    const pager = new HistoryPager(async (cursor) => {
      cursors.push(cursor);
      return pages[cursor ?? 'first']!;
    });
    expect(pager.hasEarlier).toBe(false);
    pager.restart((await pager.fetchNewest()).nextCursor);
    expect(pager.hasEarlier).toBe(true);
    expect((await pager.loadEarlier())?.items[0]?.id).toBe('m2');
    expect((await pager.loadEarlier())?.items[0]?.id).toBe('m1');
    expect(pager.hasEarlier).toBe(false);
    expect(await pager.loadEarlier()).toBeNull();
    expect(cursors).toEqual([null, 'c2', 'c1']);
  });

  it('shares one request between concurrent "load earlier" calls', async () => {
    let calls = 0;
    const pager = new HistoryPager(async (cursor) => {
      calls++;
      return cursor === null ? { items: [], nextCursor: 'c1' } : { items: [aMessage()], nextCursor: null };
    });
    pager.restart((await pager.fetchNewest()).nextCursor);
    const [a, b] = await Promise.all([pager.loadEarlier(), pager.loadEarlier()]);
    expect(a).toBe(b);
    expect(calls).toBe(2);
  });

  it('discards an earlier page that finishes after paging restarted', async () => {
    const slow = deferred<Page<MessageDto>>();
    const pager = new HistoryPager((cursor) => (cursor === 'old' ? slow.promise : Promise.resolve({ items: [], nextCursor: 'old' })));
    pager.restart('old');
    const earlier = pager.loadEarlier();
    pager.restart('fresh');
    slow.resolve({ items: [aMessage()], nextCursor: null });
    expect(await earlier).toBeNull();
    expect(pager.nextCursor).toBe('fresh');
  });

  it('lets an earlier page land when the newest page was only re-fetched', async () => {
    const slow = deferred<Page<MessageDto>>();
    const pager = new HistoryPager((cursor) => (cursor === 'c1' ? slow.promise : Promise.resolve({ items: [], nextCursor: 'c1' })));
    pager.restart('c1');
    const earlier = pager.loadEarlier();
    await pager.fetchNewest();
    slow.resolve({ items: [aMessage({ id: 'old' })], nextCursor: null });
    expect((await earlier)?.items[0]?.id).toBe('old');
    expect(pager.hasEarlier).toBe(false);
  });
});
