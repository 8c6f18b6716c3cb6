// Open-loop webhook sender and socket receipt tracking for the real-time scenarios: one process
// holds both clocks (performance.now()), so latency is POST time → receipt time on a socket.
import { setMaxListeners } from 'node:events';
import { Pool } from 'undici';
import { latencyHistogram } from './stats.mjs';
import { INBOUND_PATH, nextMessageSid, signedInbound } from './twilio.mjs';

const MARIA = { from: '+16175550111', to: '+16175550100' };

/** An HTTP pool per target, so a slow answer never holds back the next scheduled request. */
export function webhookPoster(target, { connections = 64 } = {}) {
  const pool = new Pool(target.url, { connections, pipelining: 1, headersTimeout: 30_000, bodyTimeout: 30_000 });
  return {
    async post(sid, body, signal) {
      const signed = signedInbound(target.publicBaseUrl, { sid, ...MARIA, body });
      try {
        const response = await pool.request({ method: 'POST', path: INBOUND_PATH, headers: signed.headers, body: signed.body, signal });
        await response.body.dump();
        return response.statusCode;
      } catch {
        return 0;
      }
    },
    close: () => pool.close(),
  };
}

/**
 * Per-socket receipt bookkeeping for one measured batch: latency from the scheduled send time,
 * duplicates, and order (eventIds must only grow on each socket, and every socket must see the
 * same sequence).
 */
export class ReceiptTracker {
  constructor(socketCount) {
    this.socketCount = socketCount;
    this.reset([]);
  }

  /** Starts a batch: `sids[i]` will be sent at `scheduled[i]` (performance.now() ms). */
  reset(sids) {
    this.index = new Map(sids.map((sid, i) => [sid, i]));
    this.scheduled = new Float64Array(sids.length);
    this.seen = Array.from({ length: this.socketCount }, () => new Uint8Array(sids.length));
    this.lastEventId = new Float64Array(this.socketCount);
    this.sequences = Array.from({ length: this.socketCount }, () => []);
    this.histogram = latencyHistogram();
    this.received = 0;
    this.duplicates = 0;
    this.outOfOrder = 0;
    /** The first inversions seen on socket 0: [previous eventId, this eventId]. */
    this.inversions = [];
    this.firstReceipt = new Float64Array(sids.length).fill(Infinity);
    this.lastReceipt = new Float64Array(sids.length);
    this.receiptsPerSid = new Uint32Array(sids.length);
    this.waiter = null;
  }

  /** The listener for one socket's `message:new`. */
  listener(socketIndex) {
    return (envelope) => {
      const now = performance.now();
      const i = this.index.get(envelope?.data?.twilioSid);
      if (i === undefined) return;
      const seen = this.seen[socketIndex];
      if (seen[i] > 0) {
        this.duplicates++;
        return;
      }
      seen[i] = 1;
      this.received++;
      this.receiptsPerSid[i]++;
      this.histogram.recordMs(now - this.scheduled[i]);
      if (now < this.firstReceipt[i]) this.firstReceipt[i] = now;
      if (now > this.lastReceipt[i]) this.lastReceipt[i] = now;
      if (envelope.eventId <= this.lastEventId[socketIndex]) {
        this.outOfOrder++;
        if (socketIndex === 0 && this.inversions.length < 5) this.inversions.push([this.lastEventId[socketIndex], envelope.eventId]);
      }
      this.lastEventId[socketIndex] = envelope.eventId;
      this.sequences[socketIndex].push(i);
      if (this.waiter && this.received >= this.waiter.expected) this.waiter.resolve();
    };
  }

  /** Resolves when `expected` receipts arrived, or after `timeoutMs`. */
  waitFor(expected, timeoutMs) {
    if (this.received >= expected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(false);
      }, timeoutMs);
      this.waiter = {
        expected,
        resolve: () => {
          clearTimeout(timer);
          this.waiter = null;
          resolve(true);
        },
      };
    });
  }

  /** Sockets whose sequence differs from socket 0's (after both saw the same sids). */
  orderMismatches() {
    const reference = this.sequences[0].join(',');
    return this.sequences.filter((sequence) => sequence.join(',') !== reference).length;
  }
}

/**
 * Sends `rate`/s for `durationS` seconds on a fixed schedule (open loop: the schedule never waits
 * for answers). Answers the per-send statuses and how far the sender fell behind its schedule.
 * A server that cannot keep up gets `graceMs` after the last send; requests still unanswered then
 * are aborted (status 0, counted as failed) so an overload does not spill into the next batch.
 */
export async function sendOpenLoop(poster, tracker, { rate, durationS, label, graceMs = 10_000 }) {
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per request in flight
  const count = Math.max(1, Math.round(rate * durationS));
  const sids = Array.from({ length: count }, () => nextMessageSid());
  tracker.reset(sids);
  const period = 1000 / rate;
  const statuses = new Array(count).fill(null);
  const pending = [];
  let maxLagMs = 0;
  const t0 = performance.now() + 20;
  await new Promise((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < count && t0 + i * period <= now) {
        const index = i++;
        tracker.scheduled[index] = t0 + index * period;
        maxLagMs = Math.max(maxLagMs, now - tracker.scheduled[index]);
        pending.push(poster.post(sids[index], `bench ${label} ${index}`, abort.signal).then((status) => (statuses[index] = status)));
      }
      if (i < count) setTimeout(tick, Math.max(0, t0 + i * period - performance.now() - 0.5));
      else resolve();
    };
    setTimeout(tick, 15);
  });
  const sendEnded = performance.now();
  let timer;
  const overloaded = await Promise.race([
    Promise.all(pending).then(() => false),
    new Promise((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
  ]);
  clearTimeout(timer);
  if (overloaded) {
    abort.abort();
    await Promise.all(pending);
  }
  const answeredWithin = (performance.now() - sendEnded) / 1000 + durationS;
  const ok = statuses.filter((status) => status >= 200 && status < 300).length;
  return { sids, statuses, maxLagMs, count, overloaded, achievedPerSecond: Math.round((ok / answeredWithin) * 10) / 10 };
}
