// 2. Webhook → browser: signed inbound webhooks at fixed rates (open loop) while N sockets of the
// nurse (Cardiology) are connected; latency from the scheduled POST to each socket's receipt of
// `message:new`, plus loss, duplicates and order. Baseline: webhook baseline + Socket.IO room emit.
import { startBaseline } from '../lib/baseline.mjs';
import { ReceiptTracker, sendOpenLoop, webhookPoster } from '../lib/openloop.mjs';
import { login, startProduct } from '../lib/product.mjs';
import { closeSockets, connectSockets } from '../lib/sockets.mjs';
import { readCpuMs } from '../lib/procs.mjs';
import { medianOfReps, sumOfReps } from '../lib/stats.mjs';

export const id = 'webhook-to-browser';
export const title = 'Webhook → browser';

async function measure(side, { rate, durationS, drainMs }, label) {
  const { poster, tracker, sockets, target } = side;
  const serverCpuBefore = readCpuMs(target.proc.pid);
  const clientCpuBefore = process.cpuUsage();
  const began = performance.now();
  const sent = await sendOpenLoop(poster, tracker, { rate, durationS, label, graceMs: drainMs });
  const okIndexes = sent.statuses.flatMap((status, i) => (status >= 200 && status < 300 ? [i] : []));
  await tracker.waitFor(okIndexes.length * sockets.length, drainMs);
  const seconds = (performance.now() - began) / 1000;
  // Let an overloaded server finish what it was still doing before the other side is measured.
  if (sent.overloaded) await waitIdle(target.proc.pid);
  const clientCpu = process.cpuUsage(clientCpuBefore);
  let lost = 0;
  for (const i of okIndexes) lost += sockets.length - tracker.receiptsPerSid[i];
  const latency = tracker.histogram.summary();
  return {
    sent: sent.count,
    ok: okIndexes.length,
    failed: sent.count - okIndexes.length,
    receipts: tracker.received,
    p50: latency.p50,
    p99: latency.p99,
    max: latency.max,
    lost,
    duplicates: tracker.duplicates,
    outOfOrder: tracker.outOfOrder,
    socketsWithDifferentOrder: tracker.orderMismatches(),
    senderMaxLagMs: Math.round(sent.maxLagMs * 10) / 10,
    overloaded: sent.overloaded ? 1 : 0,
    achievedPerSecond: sent.achievedPerSecond,
    // CPU share of one core used while the batch ran (2 cores total, shared with PostgreSQL).
    serverCpuPct: Math.round(((readCpuMs(target.proc.pid) - serverCpuBefore) / 10 / seconds) * 10) / 10,
    benchClientCpuPct: Math.round(((clientCpu.user + clientCpu.system) / 1e4 / seconds) * 10) / 10,
    inversionsOnSocket0: tracker.inversions,
  };
}

/** Waits until the server process uses less than a fifth of a core (max 20 s). */
async function waitIdle(pid) {
  for (let i = 0; i < 40; i++) {
    const before = readCpuMs(pid);
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (readCpuMs(pid) - before < 100) return;
  }
}

async function side(target, token, socketCount) {
  const tracker = new ReceiptTracker(socketCount);
  const sockets = await connectSockets(target.url, socketCount, { token, setup: (socket, i) => socket.on('message:new', tracker.listener(i)) });
  return { target, tracker, sockets, poster: webhookPoster(target) };
}

export async function run({ mode, log }) {
  const config =
    mode === 'full'
      ? { sockets: 500, rates: [20, 100, 300], durationS: 5, reps: 3, warmup: { rate: 20, durationS: 5 }, drainMs: 10_000 }
      : { sockets: 500, rates: [20, 100], durationS: 3, reps: 3, warmup: { rate: 20, durationS: 3 }, drainMs: 10_000 };
  const product = await startProduct();
  const baseline = await startBaseline('socket');
  const sides = {};
  try {
    sides.product = await side(product, await login(product.url), config.sockets);
    sides.baseline = await side(baseline, baseline.token, config.sockets);
    log(`  ${config.sockets} sockets connected to each`);
    for (const [name, s] of Object.entries(sides)) await measure(s, { ...config.warmup, drainMs: config.drainMs }, `warmup-${name}`);
    const byRate = {};
    for (const rate of config.rates) {
      const reps = { product: [], baseline: [] };
      for (let rep = 0; rep < config.reps; rep++) {
        for (const [name, s] of Object.entries(sides)) {
          const result = await measure(s, { rate, durationS: config.durationS, drainMs: config.drainMs }, `${rate}-${rep}-${name}`);
          reps[name].push(result);
          log(`  ${rate}/s rep ${rep + 1} ${name}: p50 ${result.p50} p99 ${result.p99} max ${result.max} ms, lost ${result.lost}, dup ${result.duplicates}, out-of-order ${result.outOfOrder}, failed ${result.failed}${result.overloaded ? ` (OVERLOADED: ${result.achievedPerSecond}/s answered)` : ''}, cpu server ${result.serverCpuPct}% bench ${result.benchClientCpuPct}%`);
        }
      }
      byRate[rate] = {
        reps,
        summary: { product: medianOfReps(reps.product), baseline: medianOfReps(reps.baseline) },
        totals: Object.fromEntries(
          Object.entries(reps).map(([name, list]) => [
            name,
            { overloadedReps: sumOfReps(list, 'overloaded'), lost: sumOfReps(list, 'lost'), duplicates: sumOfReps(list, 'duplicates'), outOfOrder: sumOfReps(list, 'outOfOrder'), failed: sumOfReps(list, 'failed'), socketsWithDifferentOrder: sumOfReps(list, 'socketsWithDifferentOrder') },
          ]),
        ),
      };
    }
    const rows = [];
    for (const rate of config.rates) {
      const { summary, totals } = byRate[rate];
      const at = `${rate}/s, ${config.sockets} sockets`;
      rows.push(
        { metric: `p50 latency (ms) @ ${at}`, product: summary.product.p50, baseline: summary.baseline.p50, better: 'lower' },
        {
          metric: `p99 latency (ms) @ ${at}`,
          product: summary.product.p99,
          baseline: summary.baseline.p99,
          better: 'lower',
          ...(rate === 100 ? { target: { kind: 'diff-max', value: 10, text: 'p99 ≤ bare + 10 ms' } } : {}),
        },
        { metric: `max latency (ms) @ ${at}`, product: summary.product.max, baseline: summary.baseline.max, better: 'lower' },
        { metric: `server CPU (% of a core) @ ${rate}/s`, product: summary.product.serverCpuPct, baseline: summary.baseline.serverCpuPct, better: 'lower' },
        {
          metric: `lost / dup / out-of-order / unanswered POSTs @ ${rate}/s`,
          product: `${totals.product.lost}/${totals.product.duplicates}/${totals.product.outOfOrder}/${totals.product.failed}`,
          baseline: `${totals.baseline.lost}/${totals.baseline.duplicates}/${totals.baseline.outOfOrder}/${totals.baseline.failed}`,
          noRatio: true,
        },
        {
          metric: `answered webhooks/s @ ${rate}/s offered (reps overloaded)`,
          product: `${summary.product.achievedPerSecond} (${totals.product.overloadedReps}/${config.reps})`,
          baseline: `${summary.baseline.achievedPerSecond} (${totals.baseline.overloadedReps}/${config.reps})`,
          noRatio: true,
        },
      );
    }
    return { config, byRate, rows };
  } finally {
    for (const s of Object.values(sides)) {
      closeSockets(s.sockets);
      await s.poster.close().catch(() => undefined);
    }
    await Promise.allSettled([product.stop(), baseline.stop()]);
  }
}
