import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageDto } from '@care/shared';
import { findFreePort } from '../../server/src/database/embedded-postgres';
import { JobQueue } from '../../server/src/jobs/job-queue';
import { OUTBOUND_SMS_QUEUE, OutboundSmsProcessor } from '../../server/src/messaging/outbound-sms.processor';
import { createTwilioSimulator, type TwilioSimulator } from '../../server/src/twilio-simulator';
import { startNodeProcess, stopNodeProcess, type NodeProcess } from '../support/node-process';
import { createTestDatabase } from '../support/test-database';
import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait';

const JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/**
 * A process dies (SIGKILL: no shutdown hooks) while its workers wait for Twilio's answer to a
 * create. Twilio may or may not have the message. Whoever picks the job up next must look first
 * and send only what Twilio does not have: every accepted text reaches Twilio exactly once.
 */
describe('reliability: worker killed mid-job', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let simulator: TwilioSimulator;
  let nodeA: NodeProcess | undefined;
  let stackB: TestStack | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    // "Twilio" outlives both processes.
    simulator = createTwilioSimulator({ port: 0, timing: { stepMs: 20 } });
    await simulator.start();
    simulator.setOwnedNumbers(['+16175550100', '+16175550200']);
  });
  afterAll(async () => {
    await stopNodeProcess(nodeA);
    await stackB?.close();
    await simulator.close();
    await database.drop();
  });

  it('sends each text accepted by a killed process exactly once: adopted when Twilio has it, sent when not', async () => {
    nodeA = await startNodeProcess('crash-a', {
      DATABASE_URL: database.url,
      SEED_DEMO: 'true',
      JWT_SECRET,
      TWILIO_API_BASE_URL: simulator.url,
      TWILIO_TIMEOUT_MS: '5000',
      OUTBOUND_POLL_MS: '100',
      RECONCILE_INTERVAL_SECONDS: '0',
    });
    const api = async (method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> => {
      const response = await fetch(nodeA!.url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    };
    const login = async (email: string): Promise<string> =>
      ((await (await fetch(`${nodeA!.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo-password' }) })).json()) as { accessToken: string }).accessToken;
    const admin = await login('admin@demo.test');
    const nurse = await login('nurse@demo.test');
    await api('PATCH', '/api/admin/organization', admin, { quietHoursStart: '00:00', quietHoursEnd: '00:00' });
    for (const line of (await api('GET', '/api/admin/lines', admin)).body.items) await api('PATCH', `/api/admin/lines/${line.id}`, admin, { mps: 50 });
    const james = (await api('GET', '/api/patients?search=James', nurse)).body.items[0].id as string;
    const send = async (body: string, extra: Record<string, unknown> = {}): Promise<MessageDto> => {
      const response = await api('POST', `/api/patients/${james}/messages`, nurse, { body, clientMessageId: randomUUID(), ...extra });
      expect(response.status).toBe(202);
      return response.body;
    };
    const atTwilio = (prefix: string) => simulator.sentMessages().filter((m) => m.body.startsWith(prefix));

    // Three creates Twilio carries out but never answers, then two it never receives the body of.
    simulator.setFaults({ nextApiCalls: { count: 3, kind: 'hang-after-create' } });
    const adopted = [await send('Crash adopted 1'), await send('Crash adopted 2'), await send('Crash adopted 3')];
    await waitFor(() => (atTwilio('Crash adopted').length === 3 && simulator.faults().nextApiCalls === null ? true : undefined), { what: 'three creates at Twilio', timeoutMs: 15_000 });
    simulator.setFaults({ nextApiCalls: { count: 2, kind: 'hang' } });
    const resent = [await send('Crash resent 1'), await send('Crash resent 2')];
    await waitFor(() => (simulator.faults().nextApiCalls === null ? true : undefined), { what: 'two creates in flight', timeoutMs: 15_000 });
    // And one that no worker has touched yet.
    const scheduled = await send('Crash scheduled', { sendAt: new Date(Date.now() + 2_500).toISOString() });

    nodeA.child.kill('SIGKILL');
    await nodeA.exited;
    expect(atTwilio('Crash resent')).toEqual([]);

    // A fresh process on the same database, talking to the same Twilio.
    stackB = await startTestStack({
      database,
      env: { JWT_SECRET, TWILIO_SIM_PORT: String(await findFreePort()), TWILIO_API_BASE_URL: simulator.url, TWILIO_TIMEOUT_MS: '3000', OUTBOUND_POLL_MS: '100', RECONCILE_INTERVAL_SECONDS: '0' },
    });
    expect(stackB.config.twilio.apiBaseUrl).toBe(simulator.url);
    const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => (stackB!.app.get(MikroORM).em.fork() as EntityManager).getConnection().execute<T[]>(query, params);
    const inFlight = [...adopted, ...resent].map((m) => m.id);

    // The killed worker's jobs are still `active` in pg-boss; it hands them out again once they
    // expire (expireInSeconds, checked by its maintenance every 30 s). That wait is pg-boss's, not
    // ours: once the dead worker's lease has run out, run the job as pg-boss's retry would.
    const placeholders = inFlight.map(() => '?').join(', ');
    const jobs = await sql<{ state: string }>(`select state from pgboss.job where name = ? and data->>'messageId' in (${placeholders})`, [OUTBOUND_SMS_QUEUE, ...inFlight]);
    expect(jobs.map((job) => job.state)).toEqual(Array(5).fill('active'));
    await waitFor(async () => ((await sql(`select id from message where id in (${placeholders}) and lease_until > now()`, inFlight)).length === 0 ? true : undefined), {
      what: "the dead worker's leases to run out",
      timeoutMs: 40_000,
      intervalMs: 250,
    });
    const processor = stackB.app.get(OutboundSmsProcessor);
    await Promise.all(inFlight.map((messageId) => processor.process({ messageId }, new AbortController().signal)));

    const nurseB = (await stackB.login('nurse@demo.test')).accessToken;
    const stored = async (): Promise<MessageDto[]> => (await stackB!.request('GET', `/api/patients/${james}/messages?limit=200`, { token: nurseB })).body.items;
    const all = await waitFor(
      async () => {
        const items = await stored();
        const mine = [...inFlight, scheduled.id].map((id) => items.find((m) => m.id === id));
        return mine.every((m) => m?.twilioSid) ? (mine as MessageDto[]) : undefined;
      },
      { what: 'every text with a SID', timeoutMs: 20_000, intervalMs: 200 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Exactly one message at Twilio per accepted text, and it is the one we recorded.
    for (const message of all) {
      expect({ body: message.body, atTwilio: atTwilio(message.body).map((m) => m.sid) }).toEqual({ body: message.body, atTwilio: [message.twilioSid] });
    }
    // The adopted ones were found by the lookup, not created again (one attempt each by A and B).
    const attempts = await sql<{ id: string; send_attempts: number }>(`select id, send_attempts from message where id in (${placeholders})`, inFlight);
    expect(attempts.filter((row) => adopted.some((m) => m.id === row.id)).map((row) => row.send_attempts)).toEqual([2, 2, 2]);
  }, 90_000);
});

/** The message (or any change) and its send job are one transaction: a failure between them leaves neither. */
describe('reliability: insert and enqueue are atomic', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // No worker: enqueued jobs stay where the test can see them.
    stack = await startTestStack({ env: { OUTBOUND_WORKER: 'false', RECONCILE_INTERVAL_SECONDS: '0' } });
  });
  afterAll(() => stack.close());

  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => (stack.app.get(MikroORM).em.fork() as EntityManager).getConnection().execute<T[]>(query, params);
  const organizationId = async (): Promise<string> => (await sql<{ id: string }>('select id from organization limit 1'))[0]!.id;

  /** Inserts a row, enqueues a job about it, then fails in the way given (or commits). */
  async function insertThenEnqueue(failure: 'none' | 'throw' | 'sql-error'): Promise<{ rowId: string; marker: string }> {
    const rowId = randomUUID();
    const marker = randomUUID();
    const org = await organizationId();
    const em = stack.app.get(MikroORM).em.fork() as EntityManager;
    await em
      .transactional(async (tx) => {
        await tx.execute(`insert into audit_log (id, created_at, organization_id, user_id, action, patient_id, details) values (?, now(), ?, null, 'test.atomic', null, '{}')`, [rowId, org]);
        await stack.app.get(JobQueue).enqueue(tx, OUTBOUND_SMS_QUEUE, { messageId: marker });
        if (failure === 'throw') throw new Error('process crashed after the insert and the enqueue');
        if (failure === 'sql-error') await tx.execute('select 1 / 0');
      })
      .catch((error: unknown) => {
        if (failure === 'none') throw error;
      });
    return { rowId, marker };
  }
  const exists = async ({ rowId, marker }: { rowId: string; marker: string }) => ({
    row: (await sql('select id from audit_log where id = ?', [rowId])).length,
    job: (await sql(`select id from pgboss.job where name = ? and data->>'messageId' = ?`, [OUTBOUND_SMS_QUEUE, marker])).length,
  });

  it('commits both together', async () => {
    expect(await exists(await insertThenEnqueue('none'))).toEqual({ row: 1, job: 1 });
  });

  it('keeps neither when the code fails after both', async () => {
    expect(await exists(await insertThenEnqueue('throw'))).toEqual({ row: 0, job: 0 });
  });

  it('keeps neither when the database fails after both', async () => {
    expect(await exists(await insertThenEnqueue('sql-error'))).toEqual({ row: 0, job: 0 });
  });
});
