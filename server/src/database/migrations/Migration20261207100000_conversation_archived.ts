import { Migration } from '@mikro-orm/migrations';

/** Issue 6: unrecognized senders can be archived (kept for audit, hidden from the queue). */
export class Migration20261207100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "conversation" add column "archived_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "conversation" drop column "archived_at";`);
  }
}
