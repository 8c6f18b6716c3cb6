import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from '../../server/src/database/embedded-postgres';
import { waitFor } from './wait';

const MAIN = resolve(__dirname, '../../server/dist/main.js');

export interface NodeProcess {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  dataDir: string;
}

/** Starts `server/dist/main.js` (what `npm start` runs) as a separate process and waits for health. */
export async function startNodeProcess(name: string, env: Record<string, string>, port?: number): Promise<NodeProcess> {
  const chosenPort = port ?? (await findFreePort());
  const dataDir = mkdtempSync(join(tmpdir(), `care-sms-node-${name}-`));
  let output = '';
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: String(chosenPort), TWILIO_SIM_PORT: String(await findFreePort()), DATA_DIR: dataDir, LOG_LEVEL: 'warn', PUBLIC_BASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = `http://localhost:${chosenPort}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`node ${name} exited with ${child.exitCode}: ${output}`);
      const response = await fetch(`${url}/api/health`).catch(() => null);
      return response?.ok ? true : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 100, what: `node ${name} health` },
  );
  return { name, url, port: chosenPort, child, output: () => output, exited, dataDir };
}

/** SIGTERM (as an orchestrator does), SIGKILL only if it does not stop within 15 s. Returns the exit code. */
export async function stopNodeProcess(node: NodeProcess | undefined): Promise<number | null> {
  if (!node) return null;
  let code: number | null = node.child.exitCode;
  if (code === null) {
    node.child.kill('SIGTERM');
    const timer = setTimeout(() => node.child.kill('SIGKILL'), 15_000);
    code = await node.exited;
    clearTimeout(timer);
  }
  rmSync(node.dataDir, { recursive: true, force: true });
  return code;
}
