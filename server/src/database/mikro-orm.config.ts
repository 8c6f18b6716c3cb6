import { join } from 'node:path';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider } from '@mikro-orm/core';
import { Logger } from '@nestjs/common';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { EventLogCommitOrder } from '../realtime/event-log-commit-order.subscriber';

const ormLogger = new Logger('MikroORM');

/** One ORM configuration for the app, the tests and the migration CLI. */
export function createOrmConfig(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    discovery: { warnWhenNoEntities: true },
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: join(__dirname, 'migrations'),
      pathTs: join(__dirname, 'migrations'),
      // Migrations are listed in code so the compiled app and Jest run the same ones.
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    // Tables kept with plain SQL, not entities: generated migrations must leave them alone.
    schemaGenerator: { skipTables: ['line_send_slot'] },
    pool: { min: 0, max: 10 },
    subscribers: [new EventLogCommitOrder()],
    forceUtcTimezone: true,
    // ORM and migrator output goes through Nest's logger (debug level), never to stdout directly.
    logger: (message: string) => ormLogger.debug(message),
    ...overrides,
  });
}
