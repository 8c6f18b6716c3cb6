import { Migration } from '@mikro-orm/migrations';

/** Issue 3: organisation HELP reply, consent event OptOutType/reason, inbound media types and message flags. */
export class Migration20261205100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "organization" add column "help_reply" text null;`);
    this.addSql(`alter table "consent_event" add column "opt_out_type" text null, add column "reason" text null;`);
    // Existing rows get empty lists; the entity always writes both columns, so no default is kept.
    this.addSql(`alter table "message" add column "media_content_types" jsonb not null default '[]', add column "flags" jsonb not null default '[]';`);
    this.addSql(
      `update "message" set "media_content_types" = (select jsonb_agg('null'::jsonb) from jsonb_array_elements("media")) where jsonb_array_length("media") > 0;`,
    );
    this.addSql(`alter table "message" alter column "media_content_types" drop default, alter column "flags" drop default;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "message" drop column "media_content_types", drop column "flags";`);
    this.addSql(`alter table "consent_event" drop column "opt_out_type", drop column "reason";`);
    this.addSql(`alter table "organization" drop column "help_reply";`);
  }
}
