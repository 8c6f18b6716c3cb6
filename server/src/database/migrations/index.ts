import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261204153528 } from './Migration20261204153528_initial';
import { Migration20261205100000 } from './Migration20261205100000_consent_media_flags';
import { Migration20261205120000 } from './Migration20261205120000_inbox_notifications';
import { Migration20261206090000 } from './Migration20261206090000_outbound_queue';
import { Migration20261207100000 } from './Migration20261207100000_conversation_archived';
import { Migration20261208090000 } from './Migration20261208090000_after_hours_reply';
import { Migration20261208100000 } from './Migration20261208100000_attachments';
import { Migration20261209090000 } from './Migration20261209090000_audit_append_only';

/** Applied in this order. Add each new migration here (generated with `npm run migration:create`). */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261204153528_initial', class: Migration20261204153528 },
  { name: 'Migration20261205100000_consent_media_flags', class: Migration20261205100000 },
  { name: 'Migration20261205120000_inbox_notifications', class: Migration20261205120000 },
  { name: 'Migration20261206090000_outbound_queue', class: Migration20261206090000 },
  { name: 'Migration20261207100000_conversation_archived', class: Migration20261207100000 },
  { name: 'Migration20261208090000_after_hours_reply', class: Migration20261208090000 },
  { name: 'Migration20261208100000_attachments', class: Migration20261208100000 },
  { name: 'Migration20261209090000_audit_append_only', class: Migration20261209090000 },
];
