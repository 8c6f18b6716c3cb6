// 5. Memory: resident set size per idle connected socket (each joined to its user and team rooms)
// at 1k (and 5k) sockets: (RSS with N sockets − RSS before) / N, on a fresh server each time.
// Baseline: plain Socket.IO (bench/baselines/socket-baseline.mjs).
import { setTimeout as sleep } from 'node:timers/promises';
import { startBaseline } from '../lib/baseline.mjs';
import { login, startProduct } from '../lib/product.mjs';
import { readRss } from '../lib/procs.mjs';
import { closeSockets, connectSockets } from '../lib/sockets.mjs';
import { medianOfReps, round } from '../lib/stats.mjs';

export const id = 'memory';
export const title = 'Memory per socket';

async function measure(kind, count, settleMs) {
  const target = kind === 'product' ? await startProduct() : await startBaseline('socket');
  let sockets = [];
  try {
    const token = kind === 'product' ? await login(target.url) : target.token;
    await sleep(settleMs);
    const before = readRss(target.proc.pid);
    sockets = await connectSockets(target.url, count, { token, parallel: 100 });
    await sleep(settleMs);
    const after = readRss(target.proc.pid);
    return { sockets: count, rssBeforeMiB: round(before / 2 ** 20, 1), rssAfterMiB: round(after / 2 ** 20, 1), kibPerSocket: round((after - before) / count / 1024, 2) };
  } finally {
    closeSockets(sockets);
    await target.stop();
  }
}

export async function run({ mode, log }) {
  const config = mode === 'full' ? { sizes: [1000, 5000], reps: 3, settleMs: 3000 } : { sizes: [1000], reps: 3, settleMs: 2000 };
  const bySize = {};
  for (const size of config.sizes) {
    const reps = { product: [], baseline: [] };
    for (let rep = 0; rep < config.reps; rep++) {
      for (const kind of ['product', 'baseline']) {
        const result = await measure(kind, size, config.settleMs);
        reps[kind].push(result);
        log(`  ${size} sockets rep ${rep + 1} ${kind}: ${result.kibPerSocket} KiB/socket (RSS ${result.rssBeforeMiB} → ${result.rssAfterMiB} MiB)`);
      }
    }
    bySize[size] = { reps, summary: { product: medianOfReps(reps.product), baseline: medianOfReps(reps.baseline) } };
  }
  const rows = config.sizes.flatMap((size) => [
    {
      metric: `RSS per idle socket (KiB), ${size} sockets`,
      product: bySize[size].summary.product.kibPerSocket,
      baseline: bySize[size].summary.baseline.kibPerSocket,
      better: 'lower',
      target: { kind: 'ratio-max', value: 1.5, text: '≤ 1.5× bare' },
    },
    { metric: `RSS with ${size} sockets (MiB)`, product: bySize[size].summary.product.rssAfterMiB, baseline: bySize[size].summary.baseline.rssAfterMiB, better: 'lower' },
  ]);
  return { config, bySize, rows };
}
