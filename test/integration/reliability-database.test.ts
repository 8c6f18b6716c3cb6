import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '../../server/src/database/embedded-postgres';
import { startNodeProcess, stopNodeProcess, type NodeProcess } from '../support/node-process';
import { startPostgresProcess, type PostgresProcess } from '../support/postgres-process';
import { inboundParams, postTwilioWebhook } from '../support/twilio-webhook';
import { DEMO } from '../support/realtime';
import { waitFor } from '../support/wait';

interface Outcome {
  sid: string;
  status: number;
  startedAt: number;
}

/**
 * PostgreSQL restarts (a failover, a minor-version upgrade, an OOM kill) while Twilio keeps
 * posting. The product must never acknowledge a webhook it did not store, must not crash, and its
 * pools (MikroORM's and pg-boss's) must serve again within seconds once PostgreSQL is back.
 */
describe('reliability: PostgreSQL restarted under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'care-sms-pg-restart-'));
  let port: number;
  let database: PostgresProcess | undefined;
  let node: NodeProcess | undefined;

  const startDatabase = (): Promise<PostgresProcess> => startPostgresProcess({ dataDir, port, databaseName: 'care_restart' });

  beforeAll(async () => {
    // As root PostgreSQL runs as the `postgres` user, which must be able to enter this folder.
    chmodSync(dataDir, 0o755);
    port = await findFreePort();
    database = await startDatabase();
    node = await startNodeProcess('pg-restart', {
      DATABASE_URL: database.url,
      SEED_DEMO: 'true',
      JWT_SECRET: 'pg-restart-secret-pg-restart-secret-0123456789',
      RECONCILE_INTERVAL_SECONDS: '0',
      OUTBOUND_POLL_MS: '100',
    });
  }, 120_000);

  afterAll(async () => {
    await stopNodeProcess(node);
    await database?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('acknowledges only stored webhooks through a restart, stays up, and serves again within seconds', async () => {
    const target = { url: node!.url, config: { http: { publicBaseUrl: node!.url } } };
    const outcomes: Outcome[] = [];
    let stopStream = false;
    let bodyCounter = 0;

    const postOne = async (): Promise<void> => {
      const params = inboundParams({ from: DEMO.maria, to: DEMO.cardiologyLine, body: `load ${bodyCounter++}` });
      const startedAt = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const status = await Promise.race([
        postTwilioWebhook(target, '/webhooks/twilio/inbound', params).then((r) => r.status),
        // A request that hangs this long would make Twilio give up (its timeout is 15 s).
        new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), 20_000))),
      ])
        .catch(() => 0)
        .finally(() => clearTimeout(timer));
      outcomes.push({ sid: params.MessageSid, status, startedAt });
    };
    // Three concurrent "Twilio" connections posting back to back.
    const stream = Promise.all(
      Array.from({ length: 3 }, async () => {
        while (!stopStream) {
          await postOne();
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }),
    );

    await waitFor(() => (outcomes.filter((o) => o.status === 200).length >= 30 ? true : undefined), { what: '30 webhooks before the restart', timeoutMs: 30_000 });

    const stoppedAt = Date.now();
    await database!.stop();
    // Down for three seconds (long enough for every pooled connection to have failed), with requests throughout.
    await waitFor(() => (Date.now() - stoppedAt >= 3_000 && outcomes.filter((o) => o.startedAt > stoppedAt + 200).length >= 6 ? true : undefined), {
      what: 'requests during the outage',
      timeoutMs: 20_000,
    });
    const live = await fetch(`${node!.url}/api/health/live`);
    expect(live.status).toBe(200);
    const health = await fetch(`${node!.url}/api/health`);
    expect(health.status).toBeGreaterThanOrEqual(500);

    const restartBegan = Date.now();
    database = await startDatabase();
    const restartedAt = Date.now();

    // Recovery: from some moment within a few seconds of PostgreSQL being back, everything succeeds.
    const recoveredAt = await waitFor(
      () => {
        const after = outcomes.filter((o) => o.startedAt > restartedAt).sort((a, b) => a.startedAt - b.startedAt);
        const firstOfRun = after.findIndex((o, i) => after.slice(i).length >= 15 && after.slice(i).every((x) => x.status === 200));
        return firstOfRun >= 0 ? after[firstOfRun]!.startedAt : undefined;
      },
      { what: '15 webhooks in a row acknowledged after the restart', timeoutMs: 30_000, intervalMs: 100 },
    );
    stopStream = true;
    await stream;
    expect(recoveredAt - restartedAt).toBeLessThan(5_000);

    // The process never died.
    expect(node!.child.exitCode).toBeNull();
    expect((await fetch(`${node!.url}/api/health`)).status).toBe(200);

    // Every acknowledged webhook is stored; the outage answered errors, never a false 200.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const acknowledged = outcomes.filter((o) => o.status === 200).map((o) => o.sid);
      const stored = new Set((await client.query<{ twilio_sid: string }>('select twilio_sid from message where twilio_sid = any($1)', [acknowledged])).rows.map((row) => row.twilio_sid));
      expect(acknowledged.filter((sid) => !stored.has(sid))).toEqual([]);
      // Requests made while PostgreSQL was down were refused with a 5xx (Twilio's cue), none with a 4xx
      // or a dropped connection; one that waited and got a 200 was stored (checked above).
      const duringOutage = outcomes.filter((o) => o.startedAt > stoppedAt + 200 && o.startedAt < restartBegan);
      expect(duringOutage.filter((o) => o.status >= 500).length).toBeGreaterThan(0);
      expect(duringOutage.filter((o) => o.status !== 200 && o.status < 500)).toEqual([]);
      // Nothing stored twice either.
      const duplicates = await client.query(`select twilio_sid from message where twilio_sid = any($1) group by twilio_sid having count(*) > 1`, [acknowledged]);
      expect(duplicates.rows).toEqual([]);
    } finally {
      await client.end();
    }

    // pg-boss (its own pool) recovered too: a text accepted now is sent.
    const login = await fetch(`${node!.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nurse@demo.test', password: 'demo-password' }) });
    expect(login.status).toBe(200);
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { authorization: `Bearer ${token}` };
    const james = (await (await fetch(`${node!.url}/api/patients?search=James`, { headers: auth })).json()).items[0].id as string;
    const sent = await fetch(`${node!.url}/api/patients/${james}/messages`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'After the restart', clientMessageId: randomUUID(), quietHoursOverride: { reason: 'test runs at any hour' } }),
    });
    expect(sent.status).toBe(202);
    const messageId = ((await sent.json()) as { id: string }).id;
    await waitFor(
      async () => {
        const items = (await (await fetch(`${node!.url}/api/patients/${james}/messages`, { headers: auth })).json()).items as { id: string; twilioSid: string | null }[];
        return items.find((m) => m.id === messageId)?.twilioSid ? true : undefined;
      },
      { what: 'the text sent after the restart', timeoutMs: 20_000, intervalMs: 200 },
    );
  }, 120_000);
});
