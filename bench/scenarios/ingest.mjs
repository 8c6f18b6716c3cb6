// 1. Webhook ingest: signed inbound webhooks with unique MessageSids at maximum throughput
// (autocannon, closed loop), product against the bare node:http + one INSERT baseline.
import autocannon from 'autocannon';
import { startBaseline } from '../lib/baseline.mjs';
import { demoData, startProduct } from '../lib/product.mjs';
import { queryOne } from '../lib/pg.mjs';
import { readCpuMs } from '../lib/procs.mjs';
import { medianOfReps, round } from '../lib/stats.mjs';
import { INBOUND_PATH, nextMessageSid, signedInbound } from '../lib/twilio.mjs';

export const id = 'ingest';
export const title = 'Webhook ingest';

/** Patients texting their team's line, round robin (several conversations, like a real clinic). */
function senders() {
  const { DEMO_PATIENTS, DEMO_LINES } = demoData();
  return DEMO_PATIENTS.map((patient) => ({ from: patient.phones[0].number, to: DEMO_LINES.find((line) => line.team === patient.team).number }));
}

function fire(target, { connections, durationS }) {
  const pairs = senders();
  let n = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: target.url,
        connections,
        duration: durationS,
        pipelining: 1,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: INBOUND_PATH,
            setupRequest(request) {
              const pair = pairs[n++ % pairs.length];
              const signed = signedInbound(target.publicBaseUrl, { sid: nextMessageSid(), ...pair, body: `bench ingest ${n}` });
              request.body = signed.body;
              request.headers = { ...request.headers, ...signed.headers };
              return request;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function measure(target, options) {
  const cpuBefore = readCpuMs(target.proc.pid);
  const result = await fire(target, options);
  const cpuMs = readCpuMs(target.proc.pid) - cpuBefore;
  const ok = result['2xx'];
  return {
    requests: ok + result.non2xx,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    throughput: round(ok / result.duration, 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    serverCpuMsPerRequest: ok > 0 ? round(cpuMs / ok, 3) : null,
  };
}

async function storedRows(target) {
  if (target.kind === 'product') {
    const rows = await queryOne(target.databaseUrl, "select count(*)::int as n from twilio_webhook_receipt where kind = 'inbound'");
    return rows[0].n;
  }
  return (await queryOne(target.databaseUrl, 'select count(*)::int as n from bench_inbound'))[0].n;
}

export async function run({ mode, log }) {
  const config = mode === 'full' ? { connections: 32, durationS: 8, warmupS: 3, reps: 3 } : { connections: 32, durationS: 3, warmupS: 1, reps: 3 };
  const product = await startProduct();
  const baseline = await startBaseline('webhook');
  try {
    const targets = { product, baseline };
    const totals = { product: 0, baseline: 0 };
    for (const [name, target] of Object.entries(targets)) {
      const warm = await measure(target, { connections: config.connections, durationS: config.warmupS });
      totals[name] += warm.ok;
      log(`  warm-up ${name}: ${warm.throughput}/s`);
    }
    const reps = { product: [], baseline: [] };
    for (let rep = 0; rep < config.reps; rep++) {
      for (const [name, target] of Object.entries(targets)) {
        const result = await measure(target, config);
        totals[name] += result.ok;
        reps[name].push(result);
        log(`  rep ${rep + 1} ${name}: ${result.throughput}/s p50 ${result.p50} ms p99 ${result.p99} ms (non-2xx ${result.non2xx}, errors ${result.errors})`);
      }
    }
    // Every 2xx must have left a row behind (nothing acknowledged and lost).
    const rows = { product: await storedRows(product), baseline: await storedRows(baseline) };
    const summary = { product: medianOfReps(reps.product), baseline: medianOfReps(reps.baseline) };
    const integrity = {
      product: { acknowledged: totals.product, rows: rows.product },
      baseline: { acknowledged: totals.baseline, rows: rows.baseline },
    };
    return {
      config,
      reps,
      summary,
      integrity,
      rows: [
        { metric: 'throughput (2xx/s)', product: summary.product.throughput, baseline: summary.baseline.throughput, better: 'higher', target: { kind: 'ratio-min', value: 0.5, text: '≥ 0.5× bare' } },
        { metric: 'latency p50 (ms)', product: summary.product.p50, baseline: summary.baseline.p50, better: 'lower' },
        { metric: 'latency p99 (ms)', product: summary.product.p99, baseline: summary.baseline.p99, better: 'lower' },
        { metric: 'server CPU per webhook (ms)', product: summary.product.serverCpuMsPerRequest, baseline: summary.baseline.serverCpuMsPerRequest, better: 'lower' },
        { metric: 'non-2xx + errors (sum)', product: sumErrors(reps.product), baseline: sumErrors(reps.baseline), better: 'lower', noRatio: true },
        { metric: '2xx without a row', product: Math.max(0, totals.product - rows.product), baseline: Math.max(0, totals.baseline - rows.baseline), better: 'lower', noRatio: true },
      ],
    };
  } finally {
    await Promise.allSettled([product.stop(), baseline.stop()]);
  }
}

function sumErrors(reps) {
  return reps.reduce((total, rep) => total + rep.non2xx + rep.errors + rep.timeouts, 0);
}
