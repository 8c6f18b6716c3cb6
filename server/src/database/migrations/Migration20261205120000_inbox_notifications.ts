import { Migration } from '@mikro-orm/migrations';

/** Issue 5: disabled users, conversation waiting time, per-user read state, notifications. */
export class Migration20261205120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "app_user" add column "disabled_at" timestamptz null;`);
    this.addSql(`alter table "conversation" add column "waiting_since" timestamptz null;`);
    // Existing conversations: the oldest inbound message after the last outbound one still waits.
    this.addSql(
      `update "conversation" c set "waiting_since" = (
         select min(m."created_at") from "message" m
         where m."conversation_id" = c."id" and m."direction" = 'inbound'
           and m."created_at" > coalesce((select max(o."created_at") from "message" o where o."conversation_id" = c."id" and o."direction" = 'outbound'), '-infinity'::timestamptz));`,
    );

    this.addSql(
      `create table "conversation_read" ("id" uuid not null, "created_at" timestamptz not null, "user_id" uuid not null, "conversation_id" uuid not null, "last_read_at" timestamptz not null, "last_read_message_id" uuid null, constraint "conversation_read_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "conversation_read" add constraint "conversation_read_user_id_conversation_id_unique" unique ("user_id", "conversation_id");`);
    this.addSql(
      `alter table "conversation_read" add constraint "conversation_read_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "conversation_read" add constraint "conversation_read_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `create table "notification" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "user_id" uuid not null, "kind" text not null, "patient_id" uuid null, "conversation_id" uuid null, "message_id" uuid null, "text" text not null, "read_at" timestamptz null, constraint "notification_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "notification_user_id_created_at_index" on "notification" ("user_id", "created_at");`);
    this.addSql(`create index "notification_unread_index" on "notification" ("user_id") where "read_at" is null;`);
    this.addSql(`alter table "notification" add constraint "notification_user_id_kind_message_id_unique" unique ("user_id", "kind", "message_id");`);
    this.addSql(
      `alter table "notification" add constraint "notification_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification" cascade;`);
    this.addSql(`drop table if exists "conversation_read" cascade;`);
    this.addSql(`alter table "conversation" drop column "waiting_since";`);
    this.addSql(`alter table "app_user" drop column "disabled_at";`);
  }
}
