import { Migration } from '@mikro-orm/migrations';

/** Issue 4: files a sender attaches to a text (MMS), stored by the product and served to Twilio by signed URL. */
export class Migration20261208100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "attachment" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "uploaded_by_id" uuid not null, "content_type" text not null, "size" int not null, "sha256" text not null, "bytes" bytea not null, "message_id" uuid null, constraint "attachment_pkey" primary key ("id"));`);
    this.addSql(`create index "attachment_message_id_index" on "attachment" ("message_id");`);
    this.addSql(`alter table "attachment" add constraint "attachment_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "attachment" add constraint "attachment_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "attachment" add constraint "attachment_message_id_foreign" foreign key ("message_id") references "message" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "attachment" cascade;`);
  }
}
