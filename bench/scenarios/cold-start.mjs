// 6. Cold start: `node server/dist/main.js` to GET /api/health = 200 with the embedded database,
// first start (fresh DATA_DIR: initdb, migrations, seed) and second start (same DATA_DIR).
// Baseline: the embedded PostgreSQL alone (initialise + start + create database), the floor
// that any product using it pays (bench/baselines/embedded-pg-baseline.mjs).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startProduct } from '../lib/product.mjs';
import { spawnNode, stopProcess } from '../lib/procs.mjs';
import { medianOfReps, round } from '../lib/stats.mjs';

export const id = 'cold-start';
export const title = 'Cold start (embedded database)';

async function productStart(dataDir) {
  const product = await startProduct({ database: 'embedded', dataDir });
  const ms = product.readyMs;
  const stopStarted = performance.now();
  await product.stop();
  return { readyMs: round(ms, 0), stopMs: round(performance.now() - stopStarted, 0) };
}

async function baselineStart(dataDir) {
  const began = performance.now();
  const proc = spawnNode(join(ROOT, 'bench/baselines/embedded-pg-baseline.mjs'), { env: { DATA_DIR: dataDir }, name: 'embedded-pg-baseline', cwd: ROOT });
  await new Promise((resolve, reject) => {
    proc.onLine((line) => line.trim() === 'READY' && resolve());
    proc.exited.then(() => reject(new Error(`embedded-pg baseline exited:\n${proc.tail()}`)));
  });
  const readyMs = performance.now() - began;
  await stopProcess(proc);
  return { readyMs: round(readyMs, 0) };
}

export async function run({ mode, log }) {
  const config = { reps: mode === 'full' ? 3 : 1 };
  const reps = { product: [], baseline: [] };
  for (let rep = 0; rep < config.reps; rep++) {
    for (const kind of ['product', 'baseline']) {
      const dataDir = mkdtempSync(join(tmpdir(), `bench-cold-${kind}-`));
      // As root the database runs as the `postgres` user, which must be able to enter DATA_DIR.
      chmodSync(dataDir, 0o755);
      try {
        const start = kind === 'product' ? productStart : baselineStart;
        const first = await start(dataDir);
        const second = await start(dataDir);
        const result = { firstMs: first.readyMs, secondMs: second.readyMs, ...(first.stopMs !== undefined ? { stopMs: second.stopMs } : {}) };
        reps[kind].push(result);
        log(`  rep ${rep + 1} ${kind}: first ${result.firstMs} ms, second ${result.secondMs} ms`);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  const summary = { product: medianOfReps(reps.product), baseline: medianOfReps(reps.baseline) };
  return {
    config,
    reps,
    summary,
    rows: [
      { metric: 'first start → healthy (ms, fresh DATA_DIR)', product: summary.product.firstMs, baseline: summary.baseline.firstMs, better: 'lower' },
      { metric: 'second start → healthy (ms)', product: summary.product.secondMs, baseline: summary.baseline.secondMs, better: 'lower' },
    ],
  };
}
