import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 4: the durable outbound queue (pg-boss keeps its own schema `pgboss`), per-line send
 * rate, scheduled sends and quiet hours, templates with categories.
 */
export class Migration20261206090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "line" add column "mps" double precision not null default 1;`);

    this.addSql(`alter table "organization" add column "time_zone" text not null default 'America/New_York';`);
    this.addSql(`alter table "organization" add column "quiet_hours_start" text not null default '21:00';`);
    this.addSql(`alter table "organization" add column "quiet_hours_end" text not null default '08:00';`);
    this.addSql(`alter table "patient" add column "time_zone" text null;`);

    this.addSql(`alter table "message_template" add column "category" text null;`);
    this.addSql(`alter table "message_template" add column "active" boolean not null default true;`);
    this.addSql(`alter table "message_template" add column "updated_at" timestamptz not null default now();`);
    // Templates are rendered with Handlebars now; the old bare variable gets its namespaced name.
    this.addSql(`update "message_template" set "body" = replace("body", '{{firstName}}', '{{patient.firstName}}') where "body" like '%{{firstName}}%';`);

    this.addSql(`alter table "message" add column "template_id" uuid null;`);
    this.addSql(`alter table "message" add column "scheduled_for" timestamptz null;`);
    this.addSql(`alter table "message" add column "quiet_hours_override_reason" text null;`);
    this.addSql(`alter table "message" add column "send_attempts" int not null default 0;`);
    this.addSql(`alter table "message" add column "uncertain_since" timestamptz null;`);
    this.addSql(`alter table "message" add column "lease_until" timestamptz null;`);
    this.addSql(
      `alter table "message" add constraint "message_template_id_foreign" foreign key ("template_id") references "message_template" ("id") on update cascade on delete set null;`,
    );

    // The next free send time of each line, shared by every process (see LineSendSlots).
    this.addSql(
      `create table "line_send_slot" ("line_id" uuid not null, "next_at" timestamptz not null, constraint "line_send_slot_pkey" primary key ("line_id"));`,
    );
    this.addSql(
      `alter table "line_send_slot" add constraint "line_send_slot_line_id_foreign" foreign key ("line_id") references "line" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "line_send_slot" cascade;`);
    this.addSql(`alter table "message" drop constraint "message_template_id_foreign";`);
    this.addSql(
      `alter table "message" drop column "template_id", drop column "scheduled_for", drop column "quiet_hours_override_reason", drop column "send_attempts", drop column "uncertain_since", drop column "lease_until";`,
    );
    this.addSql(`alter table "message_template" drop column "category", drop column "active", drop column "updated_at";`);
    this.addSql(`alter table "patient" drop column "time_zone";`);
    this.addSql(`alter table "organization" drop column "time_zone", drop column "quiet_hours_start", drop column "quiet_hours_end";`);
    this.addSql(`alter table "line" drop column "mps";`);
  }
}
