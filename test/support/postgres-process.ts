import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const EMBEDDED_POSTGRES = resolve(__dirname, '../../server/dist/database/embedded-postgres.js');

/** A private PostgreSQL a test can stop and start again (e.g. to restart it under load). */
export interface PostgresProcess {
  url: string;
  /** Stops PostgreSQL (fast shutdown: open connections are cut) and waits until it is down. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded PostgreSQL (server/dist, as `npm start` does) in a helper process: the
 * package is ESM-only, which Jest's module system cannot load, and a separate process also keeps
 * PostgreSQL's lifetime independent of the test's. Closing the helper's stdin stops PostgreSQL,
 * so it goes down with the test run even if the test dies.
 */
export function startPostgresProcess(options: { dataDir: string; port: number; databaseName: string }): Promise<PostgresProcess> {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(EMBEDDED_POSTGRES)});
    let database = null;
    const stop = async () => { if (database) await database.stop().catch(() => undefined); process.exit(0); };
    process.stdin.on('data', (chunk) => { if (String(chunk).includes('stop')) void stop(); });
    process.stdin.on('end', () => void stop());
    startEmbeddedPostgres(${JSON.stringify(options)}).then(
      (started) => { database = started; process.stdout.write(JSON.stringify({ url: started.url }) + '\\n'); },
      (error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); },
    );
  `;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return new Promise((resolveStart, reject) => {
    let line = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      line += chunk.toString();
      if (!line.includes('\n')) return;
      const { url } = JSON.parse(line.split('\n')[0]!) as { url: string };
      resolveStart({
        url,
        async stop() {
          if (child.exitCode === null) child.stdin!.end('stop\n');
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL helper exited with ${code}: ${output}`)));
  });
}
