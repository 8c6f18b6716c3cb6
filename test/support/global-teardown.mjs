import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const embedded = globalThis.__embeddedDatabase;
  if (!embedded) return;
  await embedded.database.stop();
  rmSync(embedded.dataDir, { recursive: true, force: true });
}
