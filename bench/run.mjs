#!/usr/bin/env node
// `npm run bench` — the product against bare baselines, measured in the same run.
//   --short (or BENCH_MODE=short)   a quick pass for CI (fewer sizes, shorter runs)
//   --only=ingest,fanout            run only these scenarios (or BENCH_ONLY)
//   --no-build                      skip `npm run build` (server/dist must be current)
//   --out=path.json                 where to write the results (default bench/results/<date>-<host>[-short].json)
// See bench/README.md for what each scenario measures and how to read the table.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dropAllCreated, postgresVersion, ADMIN_URL } from './lib/pg.mjs';
import { ROOT } from './lib/product.mjs';
import { finishRow, formatMarkdown, formatTable, writeJson } from './lib/report.mjs';

const SCENARIOS = ['ingest', 'webhook-to-browser', 'fanout', 'outbound', 'memory', 'cold-start', 'reconnect-storm'];

const args = process.argv.slice(2);
const flag = (name) => args.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
const value = (name) => flag(name)?.split('=').slice(1).join('=');
const mode = flag('short') || process.env.BENCH_MODE === 'short' ? 'short' : 'full';
const only = (value('only') ?? process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
for (const name of only) if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);
const selected = only.length > 0 ? SCENARIOS.filter((name) => only.includes(name)) : SCENARIOS;

const log = (line) => process.stdout.write(`${line}\n`);

function build() {
  // Others may be mid-edit: a broken build is retried a few times before giving up.
  for (let attempt = 1; ; attempt++) {
    const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (result.status === 0) return;
    if (attempt >= 4) throw new Error(`npm run build failed:\n${(result.stdout + result.stderr).slice(-3000)}`);
    log(`build failed (attempt ${attempt}), retrying in 30 s`);
    spawnSync('sleep', ['30']);
  }
}

/**
 * Copies the freshly built server/dist to bench/.run/server/dist (still inside the repo, so
 * node_modules resolve) and runs the product from there for the whole run.
 */
function snapshotServer() {
  const target = join(ROOT, 'bench/.run', String(process.pid), 'server/dist');
  rmSync(join(ROOT, 'bench/.run', String(process.pid)), { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(ROOT, 'server/dist'), target, { recursive: true });
  process.env.BENCH_SERVER_DIST = target;
  process.on('exit', () => rmSync(join(ROOT, 'bench/.run', String(process.pid)), { recursive: true, force: true }));
}

function gitCommit() {
  try {
    const head = readFileSync(join(ROOT, '.git/HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    const loose = join(ROOT, '.git', ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = readFileSync(join(ROOT, '.git/packed-refs'), 'utf8').split('\n').find((line) => line.endsWith(` ${ref}`));
    return packed?.split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

async function machine() {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? null,
    memoryBytes: os.totalmem(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: await postgresVersion(),
    postgresUrl: ADMIN_URL.replace(/\/\/[^@]*@/, '//'),
    loadAverageAtStart: os.loadavg(),
  };
}

async function main() {
  const startedAt = new Date();
  log(`bench: ${mode} mode, scenarios: ${selected.join(', ')}`);
  if (!flag('no-build')) {
    log('building (npm run build)…');
    build();
  }
  snapshotServer();
  const info = await machine();
  log(`machine: ${info.cores} cores (${info.cpuModel}), ${info.memoryGiB} GiB, Node ${info.node}, PostgreSQL ${info.postgres}, load ${info.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}`);

  const results = {};
  const rows = [];
  const failures = [];
  for (const name of selected) {
    const scenario = await import(`./scenarios/${name}.mjs`);
    log(`\n== ${scenario.title} (${name})`);
    const began = performance.now();
    const loadAtStart = os.loadavg()[0];
    try {
      const result = await scenario.run({ mode, log });
      const seconds = Math.round((performance.now() - began) / 100) / 10;
      // Other work on the machine skews everything: keep the 1-minute load average around each scenario.
      results[name] = { title: scenario.title, seconds, loadAverage1m: { start: loadAtStart, end: os.loadavg()[0] }, ...result, rows: undefined };
      for (const row of result.rows) rows.push(finishRow(name, row));
      log(`  (${seconds} s, load average ${loadAtStart.toFixed(2)} → ${os.loadavg()[0].toFixed(2)})`);
    } catch (error) {
      failures.push(name);
      results[name] = { title: scenario.title, error: String(error?.stack ?? error) };
      log(`  FAILED: ${error?.stack ?? error}`);
    }
    await dropAllCreated();
    await sleep(500);
  }

  const finishedAt = new Date();
  const table = formatTable(rows);
  log(`\n${table}\n`);
  const date = startedAt.toISOString().slice(0, 10);
  const out = value('out') ?? join(ROOT, 'bench/results', `${date}-${os.hostname()}${mode === 'short' ? '-short' : ''}.json`);
  writeJson(out, {
    schema: 1,
    mode,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationSeconds: Math.round((finishedAt - startedAt) / 1000),
    commit: gitCommit(),
    machine: { ...info, loadAverageAtEnd: os.loadavg() },
    rows,
    markdown: formatMarkdown(rows),
    scenarios: results,
    failures,
  });
  log(`results: ${out}`);
  if (failures.length > 0) {
    log(`failed scenarios: ${failures.join(', ')}`);
    process.exitCode = 1;
  }
}

const cleanupAndExit = (code) => {
  dropAllCreated().finally(() => process.exit(code));
};
process.on('SIGINT', () => cleanupAndExit(130));
main().catch((error) => {
  log(error?.stack ?? String(error));
  cleanupAndExit(1);
});
