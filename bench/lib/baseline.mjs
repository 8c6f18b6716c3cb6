// The bare baselines as child processes, each on a fresh database.
import { join } from 'node:path';
import { freePort, spawnNode, stopProcess, waitHealthy } from './procs.mjs';
import { createDatabase } from './pg.mjs';
import { ROOT } from './product.mjs';

export const SOCKET_TOKEN = 'bench-socket-token';

const SCRIPTS = {
  webhook: 'bench/baselines/webhook-baseline.mjs',
  socket: 'bench/baselines/socket-baseline.mjs',
  outbound: 'bench/baselines/outbound-baseline.mjs',
};

/** Starts a baseline (`webhook`, `socket` or `outbound`); resolves once GET /health answers. */
export async function startBaseline(kind, { port, databaseUrl, env = {} } = {}) {
  port ??= await freePort();
  let db = null;
  if (!databaseUrl) {
    db = await createDatabase(`baseline_${kind}`);
    databaseUrl = db.url;
  }
  const url = `http://127.0.0.1:${port}`;
  const fullEnv = { PORT: String(port), DATABASE_URL: databaseUrl, PUBLIC_BASE_URL: url, BENCH_SOCKET_TOKEN: SOCKET_TOKEN, NODE_PATH: join(ROOT, 'server/node_modules'), ...env };
  const spawnedAt = performance.now();
  const proc = spawnNode(join(ROOT, SCRIPTS[kind]), { env: fullEnv, name: `${kind}-baseline`, cwd: ROOT });
  await waitHealthy(`${url}/health`, proc);
  return {
    kind: 'baseline',
    url,
    publicBaseUrl: url,
    port,
    databaseUrl,
    databaseName: db?.name ?? null,
    proc,
    readyMs: performance.now() - spawnedAt,
    env: fullEnv,
    token: SOCKET_TOKEN,
    restart() {
      this.proc = spawnNode(join(ROOT, SCRIPTS[kind]), { env: fullEnv, name: `${kind}-baseline`, cwd: ROOT });
      return this.proc;
    },
    async stop() {
      await stopProcess(this.proc);
    },
  };
}
