// 3. Fan-out: one inbound webhook whose `message:new` goes to a room of 10, 100 or 1,000 sockets
// (the nurse's team room); time from the POST to the last receipt, and first → last receipt
// (the spread of the broadcast itself). Baseline: webhook baseline + plain Socket.IO room emit.
import { startBaseline } from '../lib/baseline.mjs';
import { ReceiptTracker, webhookPoster } from '../lib/openloop.mjs';
import { login, startProduct } from '../lib/product.mjs';
import { closeSockets, connectSockets } from '../lib/sockets.mjs';
import { median, medianOfReps, percentile, round } from '../lib/stats.mjs';
import { nextMessageSid } from '../lib/twilio.mjs';

export const id = 'fanout';
export const title = 'Fan-out';

const MAX_SOCKETS = 1000;

/** Posts `events` webhooks one after another, each once the previous one reached every socket. */
async function measure(side, socketCount, events) {
  const toLast = [];
  const spread = [];
  let lost = 0;
  for (let e = 0; e < events; e++) {
    const sid = nextMessageSid();
    side.tracker.reset([sid]);
    const postedAt = performance.now();
    side.tracker.scheduled[0] = postedAt;
    const status = await side.poster.post(sid, `bench fanout ${e}`);
    if (status !== 200) throw new Error(`${side.target.kind} answered ${status} to a webhook`);
    const complete = await side.tracker.waitFor(socketCount, 10_000);
    if (!complete) lost += socketCount - side.tracker.received;
    toLast.push(side.tracker.lastReceipt[0] - postedAt);
    spread.push(side.tracker.lastReceipt[0] - side.tracker.firstReceipt[0]);
  }
  return {
    events,
    toLastMedian: round(median(toLast), 3),
    toLastP90: round(percentile(toLast, 90), 3),
    spreadMedian: round(median(spread), 3),
    lost,
    duplicates: side.tracker.duplicates,
  };
}

async function grow(side, count) {
  const missing = count - side.sockets.length;
  if (missing <= 0) return;
  const offset = side.sockets.length;
  const more = await connectSockets(side.target.url, missing, { token: side.token, setup: (socket, i) => socket.on('message:new', side.tracker.listener(offset + i)) });
  side.sockets.push(...more);
}

export async function run({ mode, log }) {
  const config = mode === 'full' ? { sizes: [10, 100, 1000], eventsPerRep: 15, reps: 3, warmupEvents: 20 } : { sizes: [10, 100, 1000], eventsPerRep: 5, reps: 3, warmupEvents: 10 };
  const product = await startProduct();
  const baseline = await startBaseline('socket');
  const sides = {
    product: { target: product, token: await login(product.url), sockets: [], tracker: new ReceiptTracker(MAX_SOCKETS), poster: webhookPoster(product, { connections: 4 }) },
    baseline: { target: baseline, token: baseline.token, sockets: [], tracker: new ReceiptTracker(MAX_SOCKETS), poster: webhookPoster(baseline, { connections: 4 }) },
  };
  try {
    const bySize = {};
    for (const size of config.sizes) {
      for (const s of Object.values(sides)) await grow(s, size);
      if (size === config.sizes[0]) for (const s of Object.values(sides)) await measure(s, size, config.warmupEvents);
      const reps = { product: [], baseline: [] };
      for (let rep = 0; rep < config.reps; rep++) {
        for (const [name, s] of Object.entries(sides)) {
          const result = await measure(s, size, config.eventsPerRep);
          reps[name].push(result);
          log(`  ${size} sockets rep ${rep + 1} ${name}: to last ${result.toLastMedian} ms (p90 ${result.toLastP90}), spread ${result.spreadMedian} ms, lost ${result.lost}`);
        }
      }
      bySize[size] = { reps, summary: { product: medianOfReps(reps.product), baseline: medianOfReps(reps.baseline) } };
    }
    const rows = [];
    for (const size of config.sizes) {
      const { summary, reps } = bySize[size];
      rows.push(
        { metric: `POST → last receipt (ms), ${size} sockets`, product: summary.product.toLastMedian, baseline: summary.baseline.toLastMedian, better: 'lower' },
        { metric: `first → last receipt (ms), ${size} sockets`, product: summary.product.spreadMedian, baseline: summary.baseline.spreadMedian, better: 'lower' },
      );
      const lost = (list) => list.reduce((total, rep) => total + rep.lost + rep.duplicates, 0);
      if (lost(reps.product) + lost(reps.baseline) > 0) rows.push({ metric: `lost + duplicate receipts, ${size} sockets`, product: lost(reps.product), baseline: lost(reps.baseline), noRatio: true });
    }
    return { config, bySize, rows };
  } finally {
    for (const s of Object.values(sides)) {
      closeSockets(s.sockets);
      await s.poster.close().catch(() => undefined);
    }
    await Promise.allSettled([product.stop(), baseline.stop()]);
  }
}
