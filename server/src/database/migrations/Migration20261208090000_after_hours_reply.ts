import { Migration } from '@mikro-orm/migrations';

/** After-hours auto-reply and business hours per organisation. */
export class Migration20261208090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "organization" add column "after_hours_reply" text null, add column "business_hours_start" text not null default '08:00', add column "business_hours_end" text not null default '18:00', add column "business_days" text not null default '1,2,3,4,5';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "organization" drop column "after_hours_reply", drop column "business_hours_start", drop column "business_hours_end", drop column "business_days";`);
  }
}
