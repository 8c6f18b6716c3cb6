import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config/app-config';
import { createOrmConfig } from '../database/mikro-orm.config';
import { startEmbeddedPostgres } from '../database/embedded-postgres';

export interface CliContext {
  em: EntityManager;
  config: AppConfig;
  print(line: string): void;
  close(): Promise<void>;
}

/**
 * Opens the product's database for an operator command: DATABASE_URL, or the embedded one under
 * DATA_DIR (started for the command, stopped after). Migrations are applied first.
 */
export async function openCliContext(config: AppConfig, print: (line: string) => void): Promise<CliContext> {
  let stopEmbedded: (() => Promise<void>) | null = null;
  let url = config.database.url;
  if (!url) {
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
    stopEmbedded = embedded.stop;
    url = embedded.url;
  }
  const orm = await MikroORM.init(createOrmConfig(url));
  await orm.getMigrator().up();
  return {
    em: orm.em.fork(),
    config,
    print,
    close: async () => {
      await orm.close(true);
      if (stopEmbedded) await stopEmbedded();
    },
  };
}
