import { spawn, type ChildProcess } from 'node:child_process';
import { execSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from '../../server/src/database/embedded-postgres';
import { waitFor } from '../support/wait';

const MAIN = resolve(__dirname, '../../server/dist/main.js');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  let output = '';
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, output: () => output, exited };
}

function postgresProcessesFor(dataDir: string): number {
  const out = execSync('ps -eo args', { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('postgres') && line.includes(dataDir)).length;
}

/** `npm start`'s process, as a user runs it: embedded database, simulator, seed, Ctrl-C. */
describe('npm start (server/dist/main.js) on embedded defaults', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'care-sms-start-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, seeds once, prints the logins, stops cleanly on SIGINT, and reuses the data on a second start', async () => {
    for (const round of [1, 2]) {
      const port = await findFreePort();
      const simPort = await findFreePort();
      const run = start({ DATA_DIR: dataDir, PORT: String(port), TWILIO_SIM_PORT: String(simPort) });
      const health = await waitFor(
        async () => {
          const response = await fetch(`http://localhost:${port}/api/health`).catch(() => null);
          return response?.ok ? response.json() : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 250, what: `health (output so far: ${run.output()})` },
      );
      expect(health).toEqual({ status: 'ok' });
      await waitFor(() => (run.output().includes('Press Ctrl-C') ? true : undefined), { what: 'banner' });
      expect(run.output()).toContain(`running on http://localhost:${port}`);
      expect(run.output()).toContain('nurse@demo.test');
      expect(run.output()).toContain(`http://127.0.0.1:${simPort}`);
      expect(run.output().includes('Demo data seeded.')).toBe(round === 1);
      const login = await fetch(`http://localhost:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nurse@demo.test', password: 'demo-password' }),
      });
      expect(login.status).toBe(200);
      expect(postgresProcessesFor(dataDir)).toBeGreaterThan(0);

      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);
      expect(postgresProcessesFor(dataDir)).toBe(0);
    }
  }, 180_000);

  it('stops with one clear line naming a bad variable', async () => {
    const run = start({ DATA_DIR: dataDir, PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toBe('Invalid environment variable PORT: must be a port number from 0 to 65535');
  });

  it('stops with one clear line when DATABASE_URL cannot be reached', async () => {
    const port = await findFreePort();
    const run = start({ DATA_DIR: dataDir, DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none`, PORT: String(await findFreePort()) });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid environment variable DATABASE_URL: cannot connect to 127\.0\.0\.1:\d+\/none/);
  });
});
