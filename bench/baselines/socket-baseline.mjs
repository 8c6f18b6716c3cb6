// Bare baseline for real time: the webhook baseline plus a plain Socket.IO server on the same
// port. A socket presents a static token at the handshake, joins a user room and a team room;
// each stored webhook is emitted to the team room with `to(room).emit`. `sync {afterEventId}`
// answers the rows after that id (one SELECT), so reconnect storms can be compared too.
//   PORT, DATABASE_URL, PUBLIC_BASE_URL, BENCH_SOCKET_TOKEN
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { startFromEnv } from './webhook-baseline.mjs';

const TOKEN = process.env.BENCH_SOCKET_TOKEN ?? 'bench-token';
const TEAM_ROOM = 'team:bench';

export function attachSockets({ server, pool }) {
  const io = new Server(server, { serveClient: false });
  io.use((socket, next) => (socket.handshake.auth?.token === TOKEN ? next() : next(new Error('unauthorized'))));
  io.on('connection', (socket) => {
    socket.join(['user:bench', TEAM_ROOM]);
    socket.on('sync', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const afterEventId = Number(payload?.afterEventId ?? 0);
      pool
        .query('select id, message_sid, created_at from bench_inbound where id > $1 order by id limit 1001', [afterEventId])
        .then((result) => {
          if (result.rows.length > 1000) return ack({ ok: false, error: 'resync' });
          ack({ ok: true, events: result.rows.map((row) => envelope({ id: Number(row.id), sid: row.message_sid, at: row.created_at })) });
        })
        .catch(() => ack({ ok: false, error: 'internal error' }));
    });
  });
  return {
    onStored: (row) => io.to(TEAM_ROOM).emit('message:new', envelope(row)),
    close: () => io.close(),
  };
}

function envelope(row) {
  return { eventId: row.id, type: 'message:new', at: new Date(row.at).toISOString(), data: { twilioSid: row.sid } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  startFromEnv(attachSockets).catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
