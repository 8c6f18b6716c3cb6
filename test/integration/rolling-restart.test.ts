import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import twilio from 'twilio';
import { createTwilioSimulator, type TwilioSimulator } from '../../server/src/twilio-simulator';
import { startNodeProcess, stopNodeProcess, type NodeProcess } from '../support/node-process';
import { createTestDatabase, disableQuietHours } from '../support/test-database';
import { inboundParams } from '../support/twilio-webhook';
import { waitFor } from '../support/wait';

const TOKEN = '00000000000000000000000000000000';
const JWT_SECRET = 'rolling-secret-rolling-secret-rolling-secret-01';

/**
 * A rolling restart under load: two server processes on one database behind a "load balancer"
 * (this test) that retries a failed request on the other node, as a real one does. One node is
 * stopped with SIGTERM mid-stream and started again. Nothing acknowledged may be lost or doubled.
 */
describe('rolling restart under load loses nothing', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let simulator: TwilioSimulator;
  const nodes: (NodeProcess | undefined)[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // One shared Twilio stand-in for both nodes, so a node going down does not take "Twilio" with it.
    simulator = createTwilioSimulator({ port: 0, timing: { stepMs: 20 } });
    await simulator.start();
    simulator.setOwnedNumbers(['+16175550100', '+16175550200']);
  }, 60_000);

  afterAll(async () => {
    for (const node of nodes) await stopNodeProcess(node);
    await simulator.close();
    await database.drop();
  });

  const envFor = (seed: boolean) => ({
    DATABASE_URL: database.url,
    JWT_SECRET,
    SEED_DEMO: seed ? 'true' : 'false',
    TWILIO_API_BASE_URL: simulator.url,
    OUTBOUND_POLL_MS: '100',
  });

  it('every webhook and every accepted send is stored and sent exactly once', async () => {
    nodes[0] = await startNodeProcess('a', envFor(true));
    await disableQuietHours(database.url);
    nodes[1] = await startNodeProcess('b', envFor(false));
    const login = await fetch(`${nodes[1]!.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nurse@demo.test', password: 'demo-password' }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const patients = await (await fetch(`${nodes[1]!.url}/api/patients?search=James`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
    const jamesId = patients.items[0].id as string;

    let turn = 0;
    /** The load balancer: round robin, and on a refused connection or 5xx the same request goes to the next node. */
    const balance = async (send: (node: NodeProcess) => Promise<Response>): Promise<Response> => {
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const node = nodes[turn++ % 2];
        if (!node || node.child.exitCode !== null) continue;
        const response = await send(node).catch(() => null);
        if (response && response.status < 500) return response;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('no node answered');
    };

    const acknowledgedSids: string[] = [];
    const acceptedKeys: string[] = [];
    const postWebhook = async (index: number): Promise<void> => {
      const params = inboundParams({ from: '+16175550112', to: '+16175550100', body: `reading ${index}` });
      const response = await balance((node) =>
        fetch(`${node.url}/webhooks/twilio/inbound`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `http://localhost:${node.port}/webhooks/twilio/inbound`, params),
          },
          body: new URLSearchParams(params).toString(),
        }),
      );
      expect(response.status).toBe(200);
      acknowledgedSids.push(params.MessageSid);
    };
    const send = async (index: number): Promise<void> => {
      const clientMessageId = randomUUID();
      const response = await balance((node) =>
        fetch(`${node.url}/api/patients/${jamesId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ body: `rolling ${index} ${clientMessageId.slice(0, 8)}`, clientMessageId }),
        }),
      );
      expect(response.status).toBe(202);
      acceptedKeys.push(clientMessageId);
    };

    const load = (async () => {
      for (let index = 0; index < 60; index += 1) {
        await Promise.all([postWebhook(index), index % 3 === 0 ? send(index) : Promise.resolve()]);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    // Mid-stream: stop node A as an orchestrator would, then bring it back on the same port.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const port = nodes[0]!.port;
    expect(await stopNodeProcess(nodes[0])).toBe(0);
    nodes[0] = await startNodeProcess('a2', envFor(false), port);
    await load;

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const stored = await client.query<{ twilio_sid: string; n: string }>(
        `select twilio_sid, count(*) as n from message where direction = 'inbound' and twilio_sid = any($1) group by twilio_sid`,
        [acknowledgedSids],
      );
      expect(stored.rows).toHaveLength(acknowledgedSids.length);
      expect(stored.rows.every((row) => row.n === '1')).toBe(true);
      const accepted = await client.query<{ n: string }>(`select count(*) as n from message where client_message_id = any($1)`, [acceptedKeys]);
      expect(Number(accepted.rows[0].n)).toBe(acceptedKeys.length);
    } finally {
      await client.end();
    }
    // Every accepted send reaches Twilio exactly once (the demo line sends 1 per second).
    await waitFor(
      () => {
        const bodies = simulator.sentMessages().map((message) => message.body);
        return acceptedKeys.every((key) => bodies.filter((body) => body.endsWith(key.slice(0, 8))).length === 1) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'every accepted send at Twilio once' },
    );
    const bodies = simulator.sentMessages().map((message) => message.body);
    for (const key of acceptedKeys) expect(bodies.filter((body) => body.endsWith(key.slice(0, 8)))).toHaveLength(1);
    expect(acknowledgedSids.length).toBe(60);
  }, 180_000);
});
