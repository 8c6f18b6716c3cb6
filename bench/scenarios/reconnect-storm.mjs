// 7. Reconnect storm: N sockets connected, a burst of webhooks in flight, the server killed with
// SIGKILL and started again. Clients reconnect with the product client's back-off and call
// `sync {afterEventId}`; unanswered webhooks are retried as Twilio would (same MessageSid) and a
// few new ones arrive. Measured from the kill: healthy again, every socket reconnected, every
// socket synced, and every socket holding every acknowledged message exactly once (no gap).
import { setTimeout as sleep } from 'node:timers/promises';
import { startBaseline } from '../lib/baseline.mjs';
import { webhookPoster } from '../lib/openloop.mjs';
import { login, startProduct } from '../lib/product.mjs';
import { waitHealthy } from '../lib/procs.mjs';
import { closeSockets, connectSockets } from '../lib/sockets.mjs';
import { medianOfReps, round } from '../lib/stats.mjs';
import { nextMessageSid } from '../lib/twilio.mjs';

export const id = 'reconnect-storm';
export const title = 'Reconnect storm';

// The product's browser client (client/src/lib/realtime/socket-transport.ts) uses these.
const CLIENT_RECONNECT = { reconnection: true, reconnectionDelay: 1000, reconnectionDelayMax: 10_000, randomizationFactor: 0.5 };

function clientState() {
  return { lastEventId: 0, eventIds: new Set(), sids: new Map(), reconnectedAt: null, syncedAt: null, syncErrors: 0, resyncs: 0, duplicateDeliveries: 0 };
}

function accept(state, envelope) {
  if (envelope?.type !== 'message:new' && envelope?.type !== undefined) {
    state.lastEventId = Math.max(state.lastEventId, envelope.eventId);
    return;
  }
  if (state.eventIds.has(envelope.eventId)) {
    state.duplicateDeliveries++;
    return;
  }
  state.eventIds.add(envelope.eventId);
  state.lastEventId = Math.max(state.lastEventId, envelope.eventId);
  const sid = envelope.data?.twilioSid;
  if (sid) state.sids.set(sid, (state.sids.get(sid) ?? 0) + 1);
}

async function runOnce(target, token, { sockets: count, pre, burst, post }, clock) {
  const states = Array.from({ length: count }, clientState);
  let killed = false;
  const sockets = await connectSockets(target.url, count, {
    token,
    parallel: 100,
    options: CLIENT_RECONNECT,
    setup: (socket, i) => {
      const state = states[i];
      socket.on('message:new', (envelope) => accept(state, envelope));
      socket.on('inbox:updated', (envelope) => accept(state, envelope));
      socket.on('connect', () => {
        if (!killed) return;
        state.reconnectedAt = performance.now();
        socket.timeout(30_000).emit('sync', { afterEventId: state.lastEventId }, (error, answer) => {
          if (error || !answer?.ok) {
            state.syncErrors++;
            if (answer?.error === 'resync') state.resyncs++;
            return;
          }
          for (const envelope of answer.events) accept(state, envelope);
          state.syncedAt = performance.now();
        });
      });
    },
  });
  const poster = webhookPoster(target, { connections: 32 });
  try {
    const expected = [];
    for (let i = 0; i < pre; i++) {
      const sid = nextMessageSid();
      if ((await poster.post(sid, `bench storm pre ${i}`)) !== 200) throw new Error('webhook refused before the kill');
      expected.push(sid);
    }
    const deadline = Date.now() + 20_000;
    while (states.some((s) => expected.some((sid) => !s.sids.has(sid))) && Date.now() < deadline) await sleep(20);

    // A burst in flight, then SIGKILL in the middle of it.
    const burstSids = Array.from({ length: burst }, () => nextMessageSid());
    const burstStatuses = burstSids.map((sid, i) => poster.post(sid, `bench storm burst ${i}`));
    await sleep(15);
    killed = true;
    const killedAt = performance.now();
    target.proc.child.kill('SIGKILL');
    await target.proc.exited;
    const statuses = await Promise.all(burstStatuses);
    const restarted = target.restart();
    await waitHealthy(clock.healthUrl, restarted, 120_000);
    const healthyAt = performance.now();

    // Twilio retries what was not acknowledged (same MessageSid); new texts keep arriving.
    const retried = burstSids.filter((_, i) => statuses[i] !== 200);
    const retryStatuses = await Promise.all(retried.map((sid, i) => poster.post(sid, `bench storm retry ${i}`)));
    if (retryStatuses.some((s) => s !== 200)) throw new Error(`retried webhooks answered ${retryStatuses.join(',')}`);
    expected.push(...burstSids);
    for (let i = 0; i < post; i++) {
      const sid = nextMessageSid();
      if ((await poster.post(sid, `bench storm post ${i}`)) !== 200) throw new Error('webhook refused after the restart');
      expected.push(sid);
    }

    const complete = (s) => s.syncedAt !== null && expected.every((sid) => s.sids.has(sid));
    const finalDeadline = Date.now() + 60_000;
    let completeAt = null;
    while (Date.now() < finalDeadline) {
      if (states.every(complete)) {
        completeAt = performance.now();
        break;
      }
      await sleep(20);
    }
    const last = (key) => Math.max(...states.map((s) => s[key] ?? Infinity));
    const missing = states.reduce((total, s) => total + expected.filter((sid) => !s.sids.has(sid)).length, 0);
    // The same MessageSid under two eventIds would be a message stored twice.
    const storedTwice = states.reduce((total, s) => total + [...s.sids.values()].filter((n) => n > 1).length, 0);
    return {
      sockets: count,
      messages: expected.length,
      acknowledgedBeforeKill: statuses.filter((s) => s === 200).length,
      retried: retried.length,
      restartMs: round(healthyAt - killedAt, 0),
      allReconnectedMs: round(last('reconnectedAt') - killedAt, 0),
      allSyncedMs: round(last('syncedAt') - killedAt, 0),
      completeMs: completeAt === null ? null : round(completeAt - killedAt, 0),
      healthyToCompleteMs: completeAt === null ? null : round(completeAt - healthyAt, 0),
      notSynced: states.filter((s) => s.syncedAt === null).length,
      missing,
      storedTwice,
      syncErrors: states.reduce((t, s) => t + s.syncErrors, 0),
      resyncs: states.reduce((t, s) => t + s.resyncs, 0),
      duplicateDeliveriesDeduped: states.reduce((t, s) => t + s.duplicateDeliveries, 0),
    };
  } finally {
    closeSockets(sockets);
    await poster.close().catch(() => undefined);
  }
}

export async function run({ mode, log }) {
  const config = mode === 'full' ? { sockets: 1000, pre: 10, burst: 20, post: 10, reps: 3 } : { sockets: 300, pre: 5, burst: 10, post: 5, reps: 1 };
  const product = await startProduct();
  const baseline = await startBaseline('socket');
  try {
    const productToken = await login(product.url);
    const reps = { product: [], baseline: [] };
    for (let rep = 0; rep < config.reps; rep++) {
      for (const [name, target, token, healthUrl] of [
        ['product', product, productToken, `${product.url}/api/health`],
        ['baseline', baseline, baseline.token, `${baseline.url}/health`],
      ]) {
        const result = await runOnce(target, token, config, { healthUrl });
        reps[name].push(result);
        log(
          `  rep ${rep + 1} ${name}: healthy ${result.restartMs} ms, all reconnected ${result.allReconnectedMs} ms, all synced ${result.allSyncedMs} ms, ` +
            `complete ${result.completeMs} ms after the kill; missing ${result.missing}, stored twice ${result.storedTwice}, sync errors ${result.syncErrors}`,
        );
        await sleep(500);
      }
    }
    const summary = { product: medianOfReps(reps.product), baseline: medianOfReps(reps.baseline) };
    const bad = (list) => list.reduce((t, r) => t + r.missing + r.storedTwice + r.notSynced, 0);
    return {
      config,
      clientReconnect: CLIENT_RECONNECT,
      reps,
      summary,
      rows: [
        { metric: 'kill → healthy again (ms)', product: summary.product.restartMs, baseline: summary.baseline.restartMs, better: 'lower' },
        { metric: `kill → all ${config.sockets} reconnected (ms)`, product: summary.product.allReconnectedMs, baseline: summary.baseline.allReconnectedMs, better: 'lower' },
        { metric: `kill → all ${config.sockets} synced, no gap (ms)`, product: summary.product.completeMs, baseline: summary.baseline.completeMs, better: 'lower' },
        { metric: 'missing + stored twice + never synced (sum)', product: bad(reps.product), baseline: bad(reps.baseline), noRatio: true },
      ],
    };
  } finally {
    await Promise.allSettled([product.stop(), baseline.stop()]);
  }
}
