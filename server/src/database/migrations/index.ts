import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261204153528 } from './Migration20261204153528_initial';

/** Applied in this order. Add each new migration here (generated with `npm run migration:create`). */
export const MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261204153528_initial', class: Migration20261204153528 }];
