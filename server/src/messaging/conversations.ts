import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { wrap } from '@mikro-orm/core';
import type { InboxMessagePreview, InboxUpdatedEventData } from '@care/shared';
import { Conversation } from './conversation.entity';
import type { Message } from './message.entity';
import type { Line } from '../lines/line.entity';
import type { Patient } from '../patients/patient.entity';
import type { EventAudience } from '../realtime/rooms';

/**
 * The conversation between a number and a line, created on first contact, locked for the rest of
 * the caller's transaction. Insert-or-ignore on the unique (line, number) key, so two webhooks
 * racing for a new number cannot create two.
 */
export async function findOrCreateConversation(tx: EntityManager, line: Line, number: string, patient: Patient | null): Promise<Conversation> {
  const draft = new Conversation(line, number, patient);
  await tx.execute(
    `insert into conversation (id, created_at, organization_id, line_id, external_number, patient_id, team_id, status, unread)
     values (?, now(), ?, ?, ?, ?, ?, 'open', 0) on conflict (line_id, external_number) do nothing`,
    [randomUUID(), line.organization.id, line.id, number, patient?.id ?? null, draft.team?.id ?? null],
  );
  // Locked to commit: texts racing into one conversation would otherwise each read the same
  // `unread` and overwrite each other's counters and last message. It also makes their messages'
  // createdAt follow the order their events are logged (and pushed) in.
  await tx.execute('select 1 from conversation where line_id = ? and external_number = ? for update', [line.id, number]);
  const conversation = await tx.findOneOrFail(Conversation, { line, externalNumber: number }, { populate: ['line', 'patient', 'assignee'], refresh: true });
  // A number first seen as unknown and later matched to a patient joins the patient's thread.
  if (patient && !conversation.patient) {
    conversation.patient = patient;
    conversation.team = patient.team;
  }
  return conversation;
}

export function conversationAudience(conversation: Conversation): EventAudience {
  return {
    organizationId: conversation.organization.id,
    teamId: conversation.team?.id ?? null,
    lineId: conversation.line.id,
    patientId: conversation.patient?.id ?? null,
  };
}

/**
 * The `inbox:updated` data of a conversation. Pass the newest message when the change made one
 * (or loaded it); without it the event leaves `lastMessage` out ("unchanged").
 * `patient` and `assignee` should be loaded (findOrCreateConversation populates them).
 */
export function inboxUpdate(conversation: Conversation, lastMessage?: Message | null): InboxUpdatedEventData {
  const patient = conversation.patient && wrap(conversation.patient).isInitialized() ? conversation.patient : null;
  const assignee = conversation.assignee && wrap(conversation.assignee).isInitialized() ? conversation.assignee : null;
  return {
    lineId: conversation.line.id,
    conversationId: conversation.id,
    unread: conversation.unread,
    assigneeId: conversation.assignee?.id ?? null,
    lastMessageAt: conversation.lastMessageAt?.toISOString() ?? null,
    status: conversation.status,
    waitingSince: conversation.waitingSince?.toISOString() ?? null,
    patientId: conversation.patient?.id ?? null,
    patientName: patient?.name ?? null,
    phoneNumber: conversation.externalNumber,
    assigneeName: assignee?.name ?? null,
    ...(lastMessage !== undefined ? { lastMessage: lastMessage ? messagePreview(lastMessage) : null } : {}),
  };
}

const PREVIEW_LENGTH = 160;

export function messagePreview(message: Message): InboxMessagePreview {
  return {
    id: message.id,
    direction: message.direction,
    body: shorten(message.body),
    status: message.status,
    createdAt: message.createdAt.toISOString(),
  };
}

/** Cuts by code points, so an emoji is never split. */
function shorten(body: string): string {
  const chars = Array.from(body);
  return chars.length > PREVIEW_LENGTH ? `${chars.slice(0, PREVIEW_LENGTH - 1).join('')}…` : body;
}
