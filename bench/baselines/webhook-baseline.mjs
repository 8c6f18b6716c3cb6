// Bare baseline for webhook ingest: node:http, the same Twilio signature check, and one
// INSERT ... ON CONFLICT DO NOTHING. No framework, no ORM, no domain logic.
//   PORT, DATABASE_URL, PUBLIC_BASE_URL (default http://127.0.0.1:$PORT)
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const AUTH_TOKEN = '00000000000000000000000000000000';
const MAX_BODY = 256 * 1024; // the product's body limit
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export const CREATE_TABLE = `create table if not exists bench_inbound (
  id bigserial primary key,
  message_sid text not null unique,
  params jsonb not null,
  created_at timestamptz not null default now()
)`;

/** Same algorithm as Twilio (and the product): URL + sorted name/value pairs, HMAC-SHA1, base64. */
function validSignature(signature, url, params) {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    for (const v of Array.isArray(value) ? [...new Set(value)].sort() : [value]) data += name + v;
  }
  const expected = createHmac('sha1', AUTH_TOKEN).update(data, 'utf8').digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function readForm(body) {
  const params = {};
  for (const [name, value] of new URLSearchParams(body)) {
    if (name in params) params[name] = [].concat(params[name], value);
    else params[name] = value;
  }
  return params;
}

/**
 * The request handler: POST /webhooks/twilio/inbound (403 on a bad signature, 200 TwiML once the
 * row is stored), GET /health. `onStored(row)` runs after a new row was inserted.
 */
export function webhookHandler({ pool, publicBaseUrl, onStored = () => undefined }) {
  return (request, response) => {
    if (request.method === 'GET' && request.url === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (request.method !== 'POST' || request.url !== '/webhooks/twilio/inbound') {
      response.writeHead(404).end();
      return;
    }
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        response.writeHead(413).end();
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY) return;
      const params = readForm(Buffer.concat(chunks).toString('utf8'));
      const signature = request.headers['x-twilio-signature'];
      if (typeof signature !== 'string' || !validSignature(signature, publicBaseUrl + request.url, params) || typeof params.MessageSid !== 'string') {
        response.writeHead(403).end();
        return;
      }
      pool
        .query('insert into bench_inbound (message_sid, params) values ($1, $2) on conflict (message_sid) do nothing returning id, created_at', [params.MessageSid, params])
        .then((result) => {
          response.writeHead(200, { 'content-type': 'text/xml' }).end(EMPTY_TWIML);
          if (result.rows.length > 0) onStored({ id: Number(result.rows[0].id), sid: params.MessageSid, at: result.rows[0].created_at });
        })
        .catch(() => response.writeHead(500).end());
    });
  };
}

/** Starts the baseline from the environment; used by this file and by socket-baseline.mjs. */
export async function startFromEnv(attach) {
  const port = Number(process.env.PORT ?? 3900);
  const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`;
  // The same pool size as the product's MikroORM pool (max 10).
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query(CREATE_TABLE);
  const server = createServer();
  const extra = attach ? await attach({ server, pool }) : {};
  server.on('request', webhookHandler({ pool, publicBaseUrl, onStored: extra.onStored }));
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve) => server.listen(port, '0.0.0.0', resolve));
  // A bare server has nothing to drain: close the pool and go.
  const stop = () => {
    extra.close?.();
    pool.end().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`baseline listening on ${port}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  startFromEnv().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
