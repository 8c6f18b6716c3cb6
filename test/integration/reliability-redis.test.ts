import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import { io } from 'socket.io-client';
import { findFreePort } from '../../server/src/database/embedded-postgres';
import { startNodeProcess, stopNodeProcess, type NodeProcess } from '../support/node-process';
import { createTestDatabase } from '../support/test-database';
import type { TestSocket } from '../support/test-stack';
import { ask, DEMO, EventLog, textLine } from '../support/realtime';
import { waitFor } from '../support/wait';

const JWT_SECRET = 'redis-down-secret-redis-down-secret-0123456789';

function redisServerOnPath(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

const hasRedisServer = redisServerOnPath();
if (!hasRedisServer) {
  const banner = '!'.repeat(100);
  console.warn(`${banner}\n!! REDIS-DOWN TESTS SKIPPED: no redis-server on PATH (apt-get install redis-server).\n!! Surviving a Redis outage in cluster mode is NOT verified in this run.\n${banner}`);
  if (process.env.CI) throw new Error('CI must provide redis-server for the Redis outage test');
}

/** A private Redis this test may kill (other tests use the machine's). */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitFor(
    () =>
      new Promise<true | undefined>((resolve) => {
        const probe = tcpConnect(port, '127.0.0.1');
        probe.setTimeout(500);
        probe.on('connect', () => probe.write('PING\r\n'));
        probe.on('data', (data: Buffer) => {
          probe.destroy();
          resolve(String(data).startsWith('+PONG') ? true : undefined);
        });
        probe.on('error', () => resolve(undefined));
        probe.on('timeout', () => {
          probe.destroy();
          resolve(undefined);
        });
      }),
    { what: `redis-server on ${port}`, timeoutMs: 10_000, intervalMs: 100 },
  );
  return child;
}

async function killRedis(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * Redis joins the processes' sockets; it is not where anything is stored. When it dies the
 * processes must keep taking webhooks and answering, and once it is back a client catches up on
 * what it missed with `sync` (the event log is in PostgreSQL), with no gap and no duplicate.
 */
(hasRedisServer ? describe : describe.skip)('reliability: Redis down in cluster mode', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let redisPort: number;
  let redis: ChildProcess | undefined;
  const nodes: (NodeProcess | undefined)[] = [];
  const sockets: TestSocket[] = [];

  const connect = (node: NodeProcess, token: string) =>
    new Promise<TestSocket>((resolve, reject) => {
      const socket: TestSocket = io(node.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    redisPort = await findFreePort();
    redis = await startRedis(redisPort);
    const env = (seed: boolean) => ({
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      JWT_SECRET,
      SEED_DEMO: seed ? 'true' : 'false',
      RECONCILE_INTERVAL_SECONDS: '0',
    });
    nodes[0] = await startNodeProcess('redis-a', env(true));
    nodes[1] = await startNodeProcess('redis-b', env(false));
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(nodes.map((node) => stopNodeProcess(node)));
    await killRedis(redis);
    await database?.drop();
  }, 60_000);

  it('keeps taking webhooks and answering while Redis is down; a client on the other node catches up by sync', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    try {
      const viaA = { url: a.url, config: { http: { publicBaseUrl: a.url } } };
      const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nurse@demo.test', password: 'demo-password' }) });
      const nurse = ((await login.json()) as { accessToken: string }).accessToken;
      const mariaId = (await (await fetch(`${b.url}/api/patients?search=Maria`, { headers: { authorization: `Bearer ${nurse}` } })).json()).items[0].id as string;

      // Healthy cluster: a webhook on A reaches the nurse's socket on B.
      const onB = new EventLog(await connect(b, nurse));
      const before = await textLine(viaA, DEMO.maria, DEMO.cardiologyLine, 'before the outage');
      const seen = await onB.next('message:new', (data) => data.twilioSid === before, 10_000);

      await killRedis(redis);
      const killedAt = Date.now();
      // Webhooks keep being stored and acknowledged, on both nodes, and the API keeps answering.
      const during: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const node = i % 2 === 0 ? a : b;
        during.push(await textLine({ url: node.url, config: { http: { publicBaseUrl: node.url } } }, DEMO.maria, DEMO.cardiologyLine, `during the outage ${i}`));
      }
      for (const node of [a, b]) {
        expect((await fetch(`${node.url}/api/health/live`)).status).toBe(200);
        const messages = await fetch(`${node.url}/api/patients/${mariaId}/messages?limit=50`, { headers: { authorization: `Bearer ${nurse}` } });
        expect(messages.status).toBe(200);
        expect(((await messages.json()) as { items: { twilioSid: string }[] }).items.filter((m) => during.includes(m.twilioSid))).toHaveLength(during.length);
        // Readiness tells the load balancer; liveness does not restart a healthy process.
        expect((await fetch(`${node.url}/api/health/ready`)).status).toBe(503);
      }
      // Acknowledged socket calls still answer within their 4 s contract.
      const startedAt = Date.now();
      const watched = await ask(sockets[0]!, 'thread:watch', { patientId: mariaId }, 5_000);
      expect(watched).toEqual({ ok: true });
      expect(Date.now() - startedAt).toBeLessThan(4_500);
      const replay = await ask(sockets[0]!, 'sync', { afterEventId: seen.eventId }, 5_000);
      expect(replay.ok).toBe(true);

      // Down for at least three seconds: the processes' reconnect backoff has grown by then.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 3_000 - (Date.now() - killedAt))));
      const dropped = new Promise<string>((resolve) => sockets[0]!.once('disconnect', resolve));
      redis = await startRedis(redisPort);
      // Neither process crashed.
      expect(a.child.exitCode).toBeNull();
      expect(b.child.exitCode).toBeNull();
      await waitFor(async () => ((await fetch(`${a.url}/api/health/ready`)).status === 200 && (await fetch(`${b.url}/api/health/ready`)).status === 200 ? true : undefined), {
        what: 'both nodes ready again',
        timeoutMs: 20_000,
        intervalMs: 250,
      });

      // Pub/sub lost what A published while B's subscriber was away, and the socket on B never
      // noticed: B closes it once Redis is back, so the client reconnects and syncs (as the app's does).
      let timer: NodeJS.Timeout | undefined;
      const reason = await Promise.race([dropped, new Promise((resolve) => (timer = setTimeout(() => resolve('still connected'), 10_000)))]);
      clearTimeout(timer);
      expect(reason).toBe('io server disconnect');
      const again = await connect(b, nurse);
      const liveAgain = new EventLog(again);
      const caughtUp = await ask(again, 'sync', { afterEventId: seen.eventId }, 5_000);
      expect(caughtUp.ok).toBe(true);
      const replayed = (caughtUp.events as { eventId: number; type: string; data: { twilioSid?: string } }[]).filter((event) => event.type === 'message:new');
      expect(replayed.map((event) => event.data.twilioSid)).toEqual(during);
      const ids = (caughtUp.events as { eventId: number }[]).map((event) => event.eventId);
      expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y));

      // And the cluster delivers across nodes again.
      const after = await textLine(viaA, DEMO.maria, DEMO.cardiologyLine, 'after the outage');
      await liveAgain.next('message:new', (data) => data.twilioSid === after, 15_000);
    } catch (error) {
      // A reset connection means a process died: say which, with its last output.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const state = (node: NodeProcess) => `${node.name}: exit ${node.child.exitCode ?? node.child.signalCode ?? 'running'}\n${node.output().slice(-4000)}`;
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${state(a)}\n${state(b)}`, { cause: error });
    }
  }, 90_000);
});
