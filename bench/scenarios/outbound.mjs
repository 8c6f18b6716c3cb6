// 4. Outbound: accepted sends per second (POST → 202 with a unique clientMessageId, closed loop)
// and POST → Twilio latency (open loop at a fixed rate; the simulator's dateCreated, same clock),
// zero duplicates at the simulator, and the per-line MPS the simulator observed. Baseline: one
// INSERT, 202, then a direct Messages API call (bench/baselines/outbound-baseline.mjs).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { SOCKET_TOKEN, startBaseline } from '../lib/baseline.mjs';
import { getJson, login, startProduct } from '../lib/product.mjs';
import { freePort, readCpuMs } from '../lib/procs.mjs';
import { latencyHistogram, medianOfReps, round } from '../lib/stats.mjs';

export const id = 'outbound';
export const title = 'Outbound sends';

const wallNow = () => performance.timeOrigin + performance.now();
let batchCounter = 0;

/** How to send one message through a target: path, headers and a JSON body for a marker. */
function sendRequest(side, marker) {
  return {
    method: 'POST',
    path: side.path,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${side.token}` },
    body: JSON.stringify({ body: `bench out ${marker}`, clientMessageId: marker }),
  };
}

async function simMessages(side) {
  const { messages } = await getJson(`${side.simUrl}/sim/messages?direction=outbound-api`);
  return messages;
}

/** Waits until the simulator holds every marker of the batch (or `timeoutMs`); answers them. */
async function drain(side, prefix, expected, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = (await simMessages(side)).filter((m) => m.body.startsWith(`bench out ${prefix}`));
    if (new Set(mine.map((m) => m.body)).size >= expected || Date.now() > deadline) return mine;
    await sleep(100);
  }
}

function duplicatesAndMps(messages) {
  const byBody = new Map();
  for (const m of messages) byBody.set(m.body, (byBody.get(m.body) ?? 0) + 1);
  const duplicates = [...byBody.values()].reduce((total, n) => total + n - 1, 0);
  // Highest number of messages from one line created within any 1-second window.
  let maxPerSecond = 0;
  const byLine = new Map();
  for (const m of messages) byLine.set(m.from, [...(byLine.get(m.from) ?? []), Date.parse(m.dateCreated)]);
  for (const times of byLine.values()) {
    times.sort((a, b) => a - b);
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[end] - times[start] >= 1000) start++;
      maxPerSecond = Math.max(maxPerSecond, end - start + 1);
    }
  }
  return { duplicates, maxPerSecond };
}

/** Open loop at `rate`/s: POST → 202 latency, and POST → simulator latency per message. */
async function latencyPhase(side, { rate, durationS, drainMs }) {
  const prefix = `L${++batchCounter}-`;
  const count = Math.round(rate * durationS);
  const http = new Pool(side.url, { connections: 16 });
  const postedAt = new Map();
  const accept = latencyHistogram();
  let refused = 0;
  const pending = [];
  const t0 = performance.now() + 20;
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const marker = `${prefix}${i}`;
    const start = wallNow();
    postedAt.set(`bench out ${marker}`, start);
    pending.push(
      http
        .request(sendRequest(side, marker))
        .then(async (response) => {
          await response.body.dump();
          if (response.statusCode === 202) accept.recordMs(wallNow() - start);
          else refused++;
        })
        .catch(() => refused++),
    );
  }
  await Promise.all(pending);
  await http.close();
  const messages = await drain(side, prefix, count - refused, drainMs);
  const toTwilio = latencyHistogram();
  for (const m of messages) if (postedAt.has(m.body)) toTwilio.recordMs(Math.max(0.001, Date.parse(m.dateCreated) - postedAt.get(m.body)));
  const a = accept.summary();
  const t = toTwilio.summary();
  const { duplicates, maxPerSecond } = duplicatesAndMps(messages);
  return { sent: count, refused, acceptP50: a.p50, acceptP99: a.p99, toTwilioP50: t.p50, toTwilioP99: t.p99, toTwilioMax: t.max, atTwilio: new Set(messages.map((m) => m.body)).size, duplicates, maxPerSecondPerLine: maxPerSecond };
}

/** Closed loop with `connections` senders: accepted (202) per second. */
async function throughputPhase(side, { connections, durationS, drainMs }) {
  const prefix = `T${++batchCounter}-`;
  let n = 0;
  const cpuBefore = readCpuMs(side.target.proc.pid);
  const result = await new Promise((resolve, reject) =>
    autocannon(
      {
        url: side.url,
        connections,
        duration: durationS,
        timeout: 10,
        requests: [
          {
            setupRequest(request) {
              const r = sendRequest(side, `${prefix}${n++}`);
              return { ...request, ...r, headers: { ...request.headers, ...r.headers } };
            },
          },
        ],
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    ),
  );
  const cpuMs = readCpuMs(side.target.proc.pid) - cpuBefore;
  const accepted = result['2xx'];
  const drainStarted = Date.now();
  const messages = await drain(side, prefix, accepted, drainMs);
  const times = messages.map((m) => Date.parse(m.dateCreated)).sort((a, b) => a - b);
  const { duplicates, maxPerSecond } = duplicatesAndMps(messages);
  return {
    accepted,
    acceptedPerSecond: round(accepted / result.duration, 1),
    non2xx: result.non2xx + result.errors + result.timeouts,
    acceptP50: result.latency.p50,
    acceptP99: result.latency.p99,
    atTwilio: new Set(messages.map((m) => m.body)).size,
    notAtTwilioAfterDrain: accepted - new Set(messages.map((m) => m.body)).size,
    drainSeconds: round((Date.now() - drainStarted) / 1000, 1),
    twilioPerSecond: times.length > 1 ? round((times.length - 1) / ((times[times.length - 1] - times[0]) / 1000), 1) : null,
    duplicates,
    maxPerSecondPerLine: maxPerSecond,
    serverCpuMsPerAccepted: accepted > 0 ? round(cpuMs / accepted, 2) : null,
  };
}

/** The product with the Cardiology line's MPS raised (admin API), so the limiter is not what we time. */
async function productSide(mps) {
  const target = await startProduct();
  const token = await login(target.url);
  const adminToken = await login(target.url, 'admin@demo.test');
  const patients = await getJson(`${target.url}/api/patients?search=Maria`, token);
  const maria = patients.items[0];
  const lines = await getJson(`${target.url}/api/lines`, token);
  const line = lines.items.find((l) => l.number === '+16175550100');
  const setMps = async (value) => {
    const response = await fetch(`${target.url}/api/admin/lines/${line.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ mps: value }),
    });
    await response.arrayBuffer();
    return response.status;
  };
  const mpsStatus = await setMps(mps);
  return { target, url: target.url, simUrl: target.simUrl, token, path: `/api/patients/${maria.id}/messages`, setMps, lineMps: mpsStatus === 200 ? mps : (line.mps ?? null), mpsApi: mpsStatus };
}

async function baselineSide() {
  const simPort = await freePort();
  const target = await startBaseline('outbound', { env: { SIM_PORT: String(simPort) } });
  return { target, url: target.url, simUrl: `http://127.0.0.1:${simPort}`, token: SOCKET_TOKEN, path: '/send' };
}

/** Product only: with the line at a low MPS, a burst must queue, never exceed it at Twilio. */
async function rateLimitCheck(side, { mps, burst, drainMs }) {
  const status = await side.setMps(mps);
  if (status !== 200) return { skipped: `PATCH /api/admin/lines/:id answered ${status}` };
  const prefix = `R${++batchCounter}-`;
  const http = new Pool(side.url, { connections: burst });
  const statuses = await Promise.all(
    Array.from({ length: burst }, (_, i) =>
      http.request(sendRequest(side, `${prefix}${i}`)).then(async (r) => (await r.body.dump(), r.statusCode), () => 0),
    ),
  );
  await http.close();
  const messages = await drain(side, prefix, statuses.filter((s) => s === 202).length, drainMs);
  const { duplicates, maxPerSecond } = duplicatesAndMps(messages);
  const times = messages.map((m) => Date.parse(m.dateCreated)).sort((a, b) => a - b);
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const sustained = times.length > 1 ? (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000) : null;
  return {
    mps,
    burst,
    accepted: statuses.filter((s) => s === 202).length,
    atTwilio: messages.length,
    duplicates,
    gapsMs: gaps,
    minGapMs: gaps.length > 0 ? Math.min(...gaps) : null,
    sustainedPerSecond: round(sustained, 2),
    maxPerSecondPerLine: maxPerSecond,
    // Sends are spaced 1/mps apart; HTTP jitter may put one extra at the edge of a 1 s window.
    withinLimit: sustained !== null && sustained <= mps * 1.05 && maxPerSecond <= Math.ceil(mps) + 1,
  };
}

export async function run({ mode, log }) {
  const config =
    mode === 'full'
      ? { lineMps: 1000, latency: { rate: 10, durationS: 6 }, throughput: { connections: 16, durationS: 6 }, reps: 3, drainMs: 60_000, rateLimit: { mps: 2, burst: 10 } }
      : { lineMps: 1000, latency: { rate: 10, durationS: 2 }, throughput: { connections: 16, durationS: 3 }, reps: 3, drainMs: 30_000, rateLimit: { mps: 2, burst: 6 } };
  const product = await productSide(config.lineMps);
  const baseline = await baselineSide();
  const sides = { product, baseline };
  try {
    log(`  product line MPS: ${product.lineMps} (PATCH answered ${product.mpsApi})`);
    for (const s of Object.values(sides)) await latencyPhase(s, { rate: 10, durationS: 1, drainMs: config.drainMs }); // warm-up
    const reps = { product: [], baseline: [] };
    for (let rep = 0; rep < config.reps; rep++) {
      for (const [name, s] of Object.entries(sides)) {
        const latency = await latencyPhase(s, { ...config.latency, drainMs: config.drainMs });
        const throughput = await throughputPhase(s, { ...config.throughput, drainMs: config.drainMs });
        const result = {
          ...Object.fromEntries(Object.entries(latency).map(([k, v]) => [`latency_${k}`, v])),
          ...Object.fromEntries(Object.entries(throughput).map(([k, v]) => [`throughput_${k}`, v])),
        };
        reps[name].push(result);
        log(
          `  rep ${rep + 1} ${name}: accepted ${throughput.acceptedPerSecond}/s (to Twilio ${throughput.twilioPerSecond}/s, drain ${throughput.drainSeconds} s, missing ${throughput.notAtTwilioAfterDrain}), ` +
            `@${config.latency.rate}/s POST→202 p50 ${latency.acceptP50} ms, POST→Twilio p50 ${latency.toTwilioP50} p99 ${latency.toTwilioP99} ms, dup ${latency.duplicates + throughput.duplicates}`,
        );
      }
    }
    const summary = { product: medianOfReps(reps.product), baseline: medianOfReps(reps.baseline) };
    const rateLimit = await rateLimitCheck(product, { ...config.rateLimit, drainMs: 30_000 });
    log(`  rate limit check: ${JSON.stringify(rateLimit)}`);
    const dup = (list) => list.reduce((t, r) => t + r.latency_duplicates + r.throughput_duplicates, 0);
    // autocannon stops with requests in flight that the server still accepted: never below zero.
    const missing = (list) => list.reduce((t, r) => t + Math.max(0, r.throughput_notAtTwilioAfterDrain) + Math.max(0, r.latency_sent - r.latency_refused - r.latency_atTwilio), 0);
    const rows = [
      { metric: `accepted sends/s (${config.throughput.connections} senders)`, product: summary.product.throughput_acceptedPerSecond, baseline: summary.baseline.throughput_acceptedPerSecond, better: 'higher' },
      { metric: 'sent to Twilio/s (worker throughput)', product: summary.product.throughput_twilioPerSecond, baseline: summary.baseline.throughput_twilioPerSecond, better: 'higher' },
      { metric: 'server CPU per accepted send (ms)', product: summary.product.throughput_serverCpuMsPerAccepted, baseline: summary.baseline.throughput_serverCpuMsPerAccepted, better: 'lower' },
      { metric: `POST → 202 p50 (ms) @ ${config.latency.rate}/s`, product: summary.product.latency_acceptP50, baseline: summary.baseline.latency_acceptP50, better: 'lower' },
      { metric: `POST → Twilio p50 (ms) @ ${config.latency.rate}/s`, product: summary.product.latency_toTwilioP50, baseline: summary.baseline.latency_toTwilioP50, better: 'lower' },
      { metric: `POST → Twilio p99 (ms) @ ${config.latency.rate}/s`, product: summary.product.latency_toTwilioP99, baseline: summary.baseline.latency_toTwilioP99, better: 'lower' },
      { metric: 'duplicates at Twilio / accepted but not sent', product: `${dup(reps.product)}/${missing(reps.product)}`, baseline: `${dup(reps.baseline)}/${missing(reps.baseline)}`, noRatio: true },
      {
        metric: `burst of ${config.rateLimit.burst} on a line limited to ${config.rateLimit.mps} MPS: sustained/s (max in 1 s)`,
        product: rateLimit.skipped ? 'skipped' : `${rateLimit.sustainedPerSecond} (${rateLimit.maxPerSecondPerLine})`,
        baseline: 'no limit',
        noRatio: true,
        target: { kind: 'bool', text: `≤ ${config.rateLimit.mps}/s` },
      },
    ];
    rows[rows.length - 1].targetMetOverride = rateLimit.skipped ? null : rateLimit.withinLimit;
    return { config, lineMps: product.lineMps, reps, summary, rateLimit, rows };
  } finally {
    await Promise.allSettled([product.target.stop(), baseline.target.stop()]);
  }
}
