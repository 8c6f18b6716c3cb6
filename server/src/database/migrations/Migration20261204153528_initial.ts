import { Migration } from '@mikro-orm/migrations';

/** The initial schema, generated from the entities; the partial index at the end is hand-written. */
export class Migration20261204153528 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "phone_type" as enum ('mobile', 'landline', 'unknown');`);
    this.addSql(`create type "user_role" as enum ('admin', 'supervisor', 'member');`);
    this.addSql(`create type "conversation_status" as enum ('open', 'closed');`);
    this.addSql(`create type "message_direction" as enum ('inbound', 'outbound');`);
    this.addSql(`create table "audit_log" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "user_id" uuid null, "action" text not null, "patient_id" uuid null, "details" jsonb not null, constraint "audit_log_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_log_patient_id_created_at_index" on "audit_log" ("patient_id", "created_at");`);
    this.addSql(`create index "audit_log_organization_id_created_at_index" on "audit_log" ("organization_id", "created_at");`);

    this.addSql(`create table "event_log" ("id" bigserial primary key, "organization_id" uuid not null, "type" text not null, "data" jsonb not null, "team_id" uuid null, "line_id" uuid null, "patient_id" uuid null, "user_id" uuid null, "created_at" timestamptz not null);`);
    this.addSql(`create index "event_log_organization_id_id_index" on "event_log" ("organization_id", "id");`);

    this.addSql(`create table "organization" ("id" uuid not null, "created_at" timestamptz not null, "name" text not null, constraint "organization_pkey" primary key ("id"));`);

    this.addSql(`create table "phone_consent" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "number" text not null, "opted_out" boolean not null, "changed_at" timestamptz not null, constraint "phone_consent_pkey" primary key ("id"));`);
    this.addSql(`alter table "phone_consent" add constraint "phone_consent_organization_id_number_unique" unique ("organization_id", "number");`);

    this.addSql(`create table "care_team" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "name" text not null, constraint "care_team_pkey" primary key ("id"));`);
    this.addSql(`alter table "care_team" add constraint "care_team_organization_id_name_unique" unique ("organization_id", "name");`);

    this.addSql(`create table "patient" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "team_id" uuid not null, "name" text not null, "date_of_birth" date null, constraint "patient_pkey" primary key ("id"));`);
    this.addSql(`create index "patient_organization_id_name_index" on "patient" ("organization_id", "name");`);

    this.addSql(`create table "patient_phone" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "patient_id" uuid not null, "number" text not null, "type" "phone_type" not null, "position" int not null, constraint "patient_phone_pkey" primary key ("id"));`);
    this.addSql(`create index "patient_phone_organization_id_number_index" on "patient_phone" ("organization_id", "number");`);
    this.addSql(`alter table "patient_phone" add constraint "patient_phone_patient_id_number_unique" unique ("patient_id", "number");`);

    this.addSql(`create table "line" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "name" text not null, "number" text null, "messaging_service_sid" text null, "team_id" uuid null, "is_default" boolean not null, constraint "line_pkey" primary key ("id"));`);
    this.addSql(`alter table "line" add constraint "line_number_unique" unique ("number");`);
    this.addSql(`alter table "line" add constraint "line_messaging_service_sid_unique" unique ("messaging_service_sid");`);
    this.addSql(`create index "line_organization_id_index" on "line" ("organization_id");`);

    this.addSql(`create table "message_template" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "team_id" uuid null, "name" text not null, "body" text not null, constraint "message_template_pkey" primary key ("id"));`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "email" text not null, "name" text not null, "role" "user_role" not null, "password_hash" text not null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "team_membership" ("user_id" uuid not null, "team_id" uuid not null, constraint "team_membership_pkey" primary key ("user_id", "team_id"));`);

    this.addSql(`create table "conversation" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "line_id" uuid not null, "external_number" text not null, "patient_id" uuid null, "team_id" uuid null, "status" "conversation_status" not null, "assignee_id" uuid null, "unread" int not null, "last_message_at" timestamptz null, constraint "conversation_pkey" primary key ("id"));`);
    this.addSql(`create index "conversation_patient_id_index" on "conversation" ("patient_id");`);
    this.addSql(`alter table "conversation" add constraint "conversation_line_id_external_number_unique" unique ("line_id", "external_number");`);

    this.addSql(`create table "message" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "conversation_id" uuid not null, "patient_id" uuid null, "line_id" uuid not null, "direction" "message_direction" not null, "body" text not null, "media" jsonb not null, "from_number" text not null, "to_number" text not null, "status" text not null, "twilio_sid" text null, "error_code" int null, "error_message" text null, "segments" int not null, "encoding" text not null, "channel" text not null, "sent_by_id" uuid null, "client_message_id" text null, "updated_at" timestamptz not null, constraint "message_pkey" primary key ("id"));`);
    this.addSql(`alter table "message" add constraint "message_twilio_sid_unique" unique ("twilio_sid");`);
    this.addSql(`create index "message_conversation_id_created_at_index" on "message" ("conversation_id", "created_at");`);
    this.addSql(`create index "message_patient_id_created_at_index" on "message" ("patient_id", "created_at");`);
    this.addSql(`alter table "message" add constraint "message_organization_id_client_message_id_unique" unique ("organization_id", "client_message_id");`);

    this.addSql(`create table "message_status_change" ("id" uuid not null, "created_at" timestamptz not null, "message_id" uuid not null, "status" text not null, "error_code" int null, "source" text not null, constraint "message_status_change_pkey" primary key ("id"));`);
    this.addSql(`create index "message_status_change_message_id_created_at_index" on "message_status_change" ("message_id", "created_at");`);

    this.addSql(`create table "consent_event" ("id" uuid not null, "created_at" timestamptz not null, "organization_id" uuid not null, "number" text not null, "opted_out" boolean not null, "source" text not null, "keyword" text null, "line_id" uuid null, "message_id" uuid null, "recorded_by_id" uuid null, constraint "consent_event_pkey" primary key ("id"));`);
    this.addSql(`create index "consent_event_organization_id_number_created_at_index" on "consent_event" ("organization_id", "number", "created_at");`);

    this.addSql(`create table "twilio_webhook_receipt" ("id" uuid not null, "created_at" timestamptz not null, "kind" text not null, "message_sid" text not null, "message_status" text not null, "params" jsonb not null, "processed_at" timestamptz null, constraint "twilio_webhook_receipt_pkey" primary key ("id"));`);
    this.addSql(`alter table "twilio_webhook_receipt" add constraint "twilio_webhook_receipt_kind_message_sid_message_status_unique" unique ("kind", "message_sid", "message_status");`);

    this.addSql(`alter table "phone_consent" add constraint "phone_consent_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "care_team" add constraint "care_team_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "patient" add constraint "patient_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "patient" add constraint "patient_team_id_foreign" foreign key ("team_id") references "care_team" ("id") on update cascade;`);

    this.addSql(`alter table "patient_phone" add constraint "patient_phone_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "patient_phone" add constraint "patient_phone_patient_id_foreign" foreign key ("patient_id") references "patient" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "line" add constraint "line_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "line" add constraint "line_team_id_foreign" foreign key ("team_id") references "care_team" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "message_template" add constraint "message_template_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message_template" add constraint "message_template_team_id_foreign" foreign key ("team_id") references "care_team" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "app_user" add constraint "app_user_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "team_membership" add constraint "team_membership_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "team_membership" add constraint "team_membership_team_id_foreign" foreign key ("team_id") references "care_team" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "conversation" add constraint "conversation_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "conversation" add constraint "conversation_line_id_foreign" foreign key ("line_id") references "line" ("id") on update cascade;`);
    this.addSql(`alter table "conversation" add constraint "conversation_patient_id_foreign" foreign key ("patient_id") references "patient" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "conversation" add constraint "conversation_team_id_foreign" foreign key ("team_id") references "care_team" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "conversation" add constraint "conversation_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "message" add constraint "message_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "message" add constraint "message_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade;`);
    this.addSql(`alter table "message" add constraint "message_patient_id_foreign" foreign key ("patient_id") references "patient" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "message" add constraint "message_line_id_foreign" foreign key ("line_id") references "line" ("id") on update cascade;`);
    this.addSql(`alter table "message" add constraint "message_sent_by_id_foreign" foreign key ("sent_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "message_status_change" add constraint "message_status_change_message_id_foreign" foreign key ("message_id") references "message" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "consent_event" add constraint "consent_event_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "consent_event" add constraint "consent_event_line_id_foreign" foreign key ("line_id") references "line" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "consent_event" add constraint "consent_event_message_id_foreign" foreign key ("message_id") references "message" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "consent_event" add constraint "consent_event_recorded_by_id_foreign" foreign key ("recorded_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    // At most one default line per organisation (the automatic line choice relies on it).
    this.addSql(`create unique index "line_one_default_per_organization" on "line" ("organization_id") where "is_default";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "line_one_default_per_organization";`);
    this.addSql(`alter table "phone_consent" drop constraint "phone_consent_organization_id_foreign";`);

    this.addSql(`alter table "care_team" drop constraint "care_team_organization_id_foreign";`);

    this.addSql(`alter table "patient" drop constraint "patient_organization_id_foreign";`);

    this.addSql(`alter table "patient_phone" drop constraint "patient_phone_organization_id_foreign";`);

    this.addSql(`alter table "line" drop constraint "line_organization_id_foreign";`);

    this.addSql(`alter table "message_template" drop constraint "message_template_organization_id_foreign";`);

    this.addSql(`alter table "app_user" drop constraint "app_user_organization_id_foreign";`);

    this.addSql(`alter table "conversation" drop constraint "conversation_organization_id_foreign";`);

    this.addSql(`alter table "message" drop constraint "message_organization_id_foreign";`);

    this.addSql(`alter table "consent_event" drop constraint "consent_event_organization_id_foreign";`);

    this.addSql(`alter table "patient" drop constraint "patient_team_id_foreign";`);

    this.addSql(`alter table "line" drop constraint "line_team_id_foreign";`);

    this.addSql(`alter table "message_template" drop constraint "message_template_team_id_foreign";`);

    this.addSql(`alter table "team_membership" drop constraint "team_membership_team_id_foreign";`);

    this.addSql(`alter table "conversation" drop constraint "conversation_team_id_foreign";`);

    this.addSql(`alter table "patient_phone" drop constraint "patient_phone_patient_id_foreign";`);

    this.addSql(`alter table "conversation" drop constraint "conversation_patient_id_foreign";`);

    this.addSql(`alter table "message" drop constraint "message_patient_id_foreign";`);

    this.addSql(`alter table "conversation" drop constraint "conversation_line_id_foreign";`);

    this.addSql(`alter table "message" drop constraint "message_line_id_foreign";`);

    this.addSql(`alter table "consent_event" drop constraint "consent_event_line_id_foreign";`);

    this.addSql(`alter table "team_membership" drop constraint "team_membership_user_id_foreign";`);

    this.addSql(`alter table "conversation" drop constraint "conversation_assignee_id_foreign";`);

    this.addSql(`alter table "message" drop constraint "message_sent_by_id_foreign";`);

    this.addSql(`alter table "consent_event" drop constraint "consent_event_recorded_by_id_foreign";`);

    this.addSql(`alter table "message" drop constraint "message_conversation_id_foreign";`);

    this.addSql(`alter table "message_status_change" drop constraint "message_status_change_message_id_foreign";`);

    this.addSql(`alter table "consent_event" drop constraint "consent_event_message_id_foreign";`);

    this.addSql(`drop table if exists "audit_log" cascade;`);

    this.addSql(`drop table if exists "event_log" cascade;`);

    this.addSql(`drop table if exists "organization" cascade;`);

    this.addSql(`drop table if exists "phone_consent" cascade;`);

    this.addSql(`drop table if exists "care_team" cascade;`);

    this.addSql(`drop table if exists "patient" cascade;`);

    this.addSql(`drop table if exists "patient_phone" cascade;`);

    this.addSql(`drop table if exists "line" cascade;`);

    this.addSql(`drop table if exists "message_template" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "team_membership" cascade;`);

    this.addSql(`drop table if exists "conversation" cascade;`);

    this.addSql(`drop table if exists "message" cascade;`);

    this.addSql(`drop table if exists "message_status_change" cascade;`);

    this.addSql(`drop table if exists "consent_event" cascade;`);

    this.addSql(`drop table if exists "twilio_webhook_receipt" cascade;`);

    this.addSql(`drop type "phone_type";`);
    this.addSql(`drop type "user_role";`);
    this.addSql(`drop type "conversation_status";`);
    this.addSql(`drop type "message_direction";`);
  }

}
