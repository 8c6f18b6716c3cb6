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
    await pager.loadNewest();
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
    await pager.loadNewest();
    const [a, b] = await Promise.all([pager.loadEarlier(), pager.loadEarlier()]);
    expect(a).toBe(b);
    expect(calls).toBe(2);
  });

  it('discards an earlier page that finishes after a reload', async () => {
    const slow = deferred<Page<MessageDto>>();
    let firstLoads = 0;
    const pager = new HistoryPager((cursor) => {
      if (cursor === 'old') return slow.promise;
      firstLoads++;
      return Promise.resolve({ items: [], nextCursor: firstLoads === 1 ? 'old' : 'fresh' });
    });
    await pager.loadNewest();
    const earlier = pager.loadEarlier();
    await pager.loadNewest();
    slow.resolve({ items: [aMessage()], nextCursor: null });
    expect(await earlier).toBeNull();
    expect(pager.nextCursor).toBe('fresh');
  });
});
