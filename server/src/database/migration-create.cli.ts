/**
 * Generates a migration from the difference between the entities and the migrated schema.
 * Needs DATABASE_URL pointing at a scratch database (it is migrated up first).
 * Usage: DATABASE_URL=postgres://... npm run migration:create
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from './mikro-orm.config';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must name a scratch database');
  const orm = await MikroORM.init(createOrmConfig(url, { migrations: { ...createOrmConfig(url).migrations, emit: 'ts', path: `${__dirname}/../../src/database/migrations`, pathTs: `${__dirname}/../../src/database/migrations` } }));
  try {
    const migrator = orm.getMigrator();
    await migrator.up();
    const result = await migrator.createMigration(undefined, false, false);
    process.stdout.write(result.fileName ? `created ${result.fileName}\n${result.code}\n` : 'no changes\n');
  } finally {
    await orm.close(true);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
