import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads a generated secret kept under DATA_DIR/secrets, creating it (mode 0600) on first use. */
export function loadOrCreateSecret(dataDir: string, name: string): string {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    // Only the secrets folder is private: the data folder must stay enterable by the `postgres`
    // user that runs the embedded database when we run as root.
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}
