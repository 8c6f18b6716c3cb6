// Starts one embedded PostgreSQL for the whole run, unless DATABASE_URL names a server to use.
// Each test file then creates its own throw-away database on it (see test-database.ts).
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const { startEmbeddedPostgres } = require('../../server/dist/database/embedded-postgres.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'care-sms-test-pg-'));
  // Run as root, PostgreSQL runs as the `postgres` user, which must be able to enter this folder.
  chmodSync(dataDir, 0o755);
  const database = await startEmbeddedPostgres({ dataDir, databaseName: 'care_test' });
  globalThis.__embeddedDatabase = { database, dataDir };
  process.env.TEST_ADMIN_DATABASE_URL = database.adminUrl;
}
