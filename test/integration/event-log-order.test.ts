import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EventLogService } from '../../server/src/realtime/event-log.service';
import { startTestStack, type TestStack } from '../support/test-stack';

/** Event ids commit in order per organisation: the lock is taken when the events are inserted, held to commit. */
describe('event log commit order', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  const audience = (organizationId: string) => ({ organizationId, teamId: null, lineId: null, patientId: null });

  it('holds the per-organisation advisory lock from the event insert to commit, and only then', async () => {
    const orm = stack.app.get(MikroORM);
    const eventLog = stack.app.get(EventLogService);
    const organizationId = (await orm.em.fork().getConnection().execute<{ id: string }[]>('select id from organization limit 1'))[0].id;
    // Locks held by the transaction's own backend (other tests share the server).
    let backendPid = 0;
    const advisoryLocks = async (): Promise<number> =>
      Number(
        (await orm.em.fork().getConnection().execute<{ n: string }[]>(`select count(*) as n from pg_locks where locktype = 'advisory' and granted and pid = ?`, [backendPid]))[0].n,
      );

    let beforeInsert = -1;
    let afterInsert = -1;
    const committed = await (orm.em.fork() as EntityManager).transactional(async (tx) => {
      backendPid = (await tx.execute<{ pid: number }[]>('select pg_backend_pid() as pid'))[0].pid;
      const event = await eventLog.append(tx, audience(organizationId), 'inbox:updated', {
        lineId: 'l', conversationId: 'c', unread: 0, assigneeId: null, lastMessageAt: null,
      } as never);
      beforeInsert = await advisoryLocks();
      await tx.flush();
      afterInsert = await advisoryLocks();
      return event;
    });
    expect(beforeInsert).toBe(0);
    expect(afterInsert).toBe(1);
    expect(await advisoryLocks()).toBe(0);
    expect(backendPid).toBeGreaterThan(0);
    expect(committed.envelope.eventId).toBeGreaterThan(0);
  });

  it('refuses to write events outside a transaction', async () => {
    const orm = stack.app.get(MikroORM);
    const eventLog = stack.app.get(EventLogService);
    const em = orm.em.fork() as EntityManager;
    const organizationId = (await em.getConnection().execute<{ id: string }[]>('select id from organization limit 1'))[0].id;
    await eventLog.append(em, audience(organizationId), 'inbox:updated', {} as never);
    await expect(em.flush()).rejects.toThrow(/inside a transaction/);
  });
});
