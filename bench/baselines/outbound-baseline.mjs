// Bare baseline for outbound: POST /send {body, clientMessageId} with a static bearer token does
// one INSERT ... ON CONFLICT DO NOTHING, answers 202, then calls the Twilio Messages API (the
// same built-in simulator, in this process as in the product) and stores the SID. No queue, no
// retries, no rate limit, no consent or team checks: the floor, not a durable design.
//   PORT, DATABASE_URL, BENCH_SOCKET_TOKEN (bearer), SIM_PORT (simulator port)
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { createTwilioSimulator, SIMULATOR_ACCOUNT_SID, SIMULATOR_AUTH_TOKEN } = createRequire(import.meta.url)(
  join(process.env.BENCH_SERVER_DIST ?? join(ROOT, 'server/dist'), 'twilio-simulator/index.js'),
);

const FROM = '+16175550100';
const TO = '+16175550111';
const TOKEN = process.env.BENCH_SOCKET_TOKEN ?? 'bench-token';

async function main() {
  const port = Number(process.env.PORT ?? 3901);
  const simulator = createTwilioSimulator({ port: Number(process.env.SIM_PORT ?? 0), host: '127.0.0.1', ownedNumbers: [FROM] });
  await simulator.start();
  const messagesUrl = `${simulator.url}/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json`;
  const basic = `Basic ${Buffer.from(`${SIMULATOR_ACCOUNT_SID}:${SIMULATOR_AUTH_TOKEN}`).toString('base64')}`;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query(`create table if not exists bench_outbound (
    id bigserial primary key,
    client_message_id text not null unique,
    body text not null,
    twilio_sid text,
    created_at timestamptz not null default now()
  )`);

  const send = async (id, body) => {
    const response = await fetch(messagesUrl, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: TO, From: FROM, Body: body }).toString(),
    });
    const json = await response.json();
    if (response.status === 201) await pool.query('update bench_outbound set twilio_sid = $1 where id = $2', [json.sid, id]);
  };

  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/health') return response.writeHead(200).end('{"status":"ok"}');
    if (request.method !== 'POST' || request.url !== '/send') return response.writeHead(404).end();
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return response.writeHead(401).end();
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      let input;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return response.writeHead(400).end();
      }
      if (typeof input.body !== 'string' || input.body === '' || typeof input.clientMessageId !== 'string') return response.writeHead(422).end();
      pool
        .query('insert into bench_outbound (client_message_id, body) values ($1, $2) on conflict (client_message_id) do nothing returning id', [input.clientMessageId, input.body])
        .then((result) => {
          response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: result.rows[0]?.id ?? null }));
          if (result.rows.length > 0) send(result.rows[0].id, input.body).catch(() => undefined);
        })
        .catch(() => response.writeHead(500).end());
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve) => server.listen(port, '0.0.0.0', resolve));
  const stop = () => {
    simulator.close().finally(() => pool.end().finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`outbound baseline on ${port}, simulator ${simulator.url}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
