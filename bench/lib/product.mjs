// The product as a child process (`node server/dist/main.js`), on a fresh database.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, spawnNode, stopProcess, waitHealthy } from './procs.mjs';
import { createDatabase } from './pg.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/**
 * The compiled server the benchmark runs: a snapshot of server/dist taken right after the build
 * (run.mjs sets BENCH_SERVER_DIST), so a rebuild by someone else mid-run cannot change or break it.
 */
export function serverDist() {
  return process.env.BENCH_SERVER_DIST ?? join(ROOT, 'server/dist');
}
export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

/** The demo seed (from the compiled server, so it always matches what the product seeds). */
export function demoData() {
  return createRequire(import.meta.url)(join(serverDist(), 'database/seed/demo-data.js'));
}

/**
 * Starts the product. With `database: 'machine'` (default) on a fresh database of the machine's
 * PostgreSQL; with `database: 'embedded'` on the embedded one in `dataDir` (a fresh temp dir
 * unless given). Resolves once GET /api/health answers 200.
 */
export async function startProduct({ database = 'machine', databaseUrl, dataDir, port, simPort, env = {} } = {}) {
  port ??= await freePort();
  simPort ??= await freePort();
  const ownDataDir = !dataDir;
  dataDir ??= mkdtempSync(join(tmpdir(), 'bench-product-'));
  let db = null;
  if (database === 'machine' && !databaseUrl) {
    db = await createDatabase('product');
    databaseUrl = db.url;
  }
  const url = `http://127.0.0.1:${port}`;
  const fullEnv = {
    PORT: String(port),
    TWILIO_SIM_PORT: String(simPort),
    PUBLIC_BASE_URL: url,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    JWT_SECRET,
    DATA_DIR: dataDir,
    // Empty means unset for the product (and hides a DATABASE_URL this shell may have).
    DATABASE_URL: databaseUrl ?? '',
    // The snapshot lives outside server/, so server/node_modules must be on the search path.
    NODE_PATH: [join(ROOT, 'server/node_modules'), process.env.NODE_PATH].filter(Boolean).join(':'),
    ...env,
  };
  const spawnedAt = performance.now();
  const proc = spawnNode(join(serverDist(), 'main.js'), { env: fullEnv, name: 'product', cwd: ROOT });
  await waitHealthy(`${url}/api/health`, proc);
  const readyMs = performance.now() - spawnedAt;
  return {
    kind: 'product',
    url,
    publicBaseUrl: url,
    simUrl: `http://127.0.0.1:${simPort}`,
    port,
    simPort,
    databaseUrl,
    databaseName: db?.name ?? null,
    dataDir,
    proc,
    readyMs,
    env: fullEnv,
    /** Starts the same product again (same database, ports and data dir), e.g. after a kill. */
    restart() {
      const again = spawnNode(join(serverDist(), 'main.js'), { env: fullEnv, name: 'product', cwd: ROOT });
      this.proc = again;
      return again;
    },
    async stop() {
      await stopProcess(this.proc);
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in (demo password) and answers the access token. */
export async function login(baseUrl, email = 'nurse@demo.test') {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo-password' }),
  });
  if (response.status !== 200) throw new Error(`login as ${email} answered ${response.status}: ${await response.text()}`);
  return (await response.json()).accessToken;
}

export async function getJson(url, token) {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}
