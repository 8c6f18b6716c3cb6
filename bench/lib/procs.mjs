// Child processes for the benchmark: the product, the baselines, and what we read from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A free TCP port on loopback (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Every child still running when the benchmark exits (however it exits) is killed. */
const children = new Set();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * Starts `node <script>` with the given environment. Keeps the last lines of its output so a
 * failure can say why, and a promise that settles when it exits.
 */
export function spawnNode(script, { env = {}, name = script, cwd, nodeArgs = [] } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const tail = [];
  const listeners = new Set();
  const keep = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line);
      if (tail.length > 60) tail.shift();
      for (const listener of listeners) listener(line);
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    name,
    child,
    pid: child.pid,
    exited,
    tail: () => tail.join('\n'),
    onLine: (listener) => listeners.add(listener),
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
  };
}

/** Polls `url` until it answers 200; fails early if the process exits first. */
export async function waitHealthy(url, proc, timeoutMs = 120_000) {
  const started = Date.now();
  let exited = false;
  proc?.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${proc.name} exited before it was healthy:\n${proc.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${proc?.name ?? url} not healthy after ${timeoutMs} ms:\n${proc?.tail() ?? ''}`);
    await sleep(25);
  }
}

/** Stops a child we started: the signal, then SIGKILL after `graceMs`. */
export async function stopProcess(proc, signal = 'SIGTERM', graceMs = 15_000) {
  if (!proc || !proc.running) return proc?.exited;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.running && proc.child.kill('SIGKILL'), graceMs);
  const result = await proc.exited;
  clearTimeout(timer);
  return result;
}

/** Resident set size of a process, in bytes (Linux /proc). */
export function readRss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux x86-64

/** User + system CPU time a process has used so far, in milliseconds (Linux /proc). */
export function readCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
