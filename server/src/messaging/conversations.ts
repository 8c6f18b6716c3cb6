import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InboxUpdatedEventData } from '@care/shared';
import { Conversation } from './conversation.entity';
import type { Line } from '../lines/line.entity';
import type { Patient } from '../patients/patient.entity';
import type { EventAudience } from '../realtime/rooms';

/**
 * The conversation between a number and a line, created on first contact. Insert-or-ignore on the
 * unique (line, number) key, so two webhooks racing for a new number cannot create two.
 */
export async function findOrCreateConversation(tx: EntityManager, line: Line, number: string, patient: Patient | null): Promise<Conversation> {
  const draft = new Conversation(line, number, patient);
  await tx.execute(
    `insert into conversation (id, created_at, organization_id, line_id, external_number, patient_id, team_id, status, unread)
     values (?, now(), ?, ?, ?, ?, ?, 'open', 0) on conflict (line_id, external_number) do nothing`,
    [randomUUID(), line.organization.id, line.id, number, patient?.id ?? null, draft.team?.id ?? null],
  );
  const conversation = await tx.findOneOrFail(Conversation, { line, externalNumber: number }, { populate: ['line'] });
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

export function inboxUpdate(conversation: Conversation): InboxUpdatedEventData {
  return {
    lineId: conversation.line.id,
    conversationId: conversation.id,
    unread: conversation.unread,
    assigneeId: conversation.assignee?.id ?? null,
    lastMessageAt: conversation.lastMessageAt?.toISOString() ?? null,
  };
}
