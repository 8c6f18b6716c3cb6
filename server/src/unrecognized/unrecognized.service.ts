import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Page, UnrecognizedConversationDto, UnrecognizedResolutionDto } from '@care/shared';
import { canSeeTeam, type AuthUser } from '../auth/auth-user';
import { AuditService, type AuditAction } from '../audit/audit.service';
import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { canSeeConversation, findVisibleConversation, toPgArray, visibleTeamIds } from '../inbox/conversation-access';
import { Line } from '../lines/line.entity';
import { Conversation } from '../messaging/conversation.entity';
import { conversationAudience, inboxUpdate } from '../messaging/conversations';
import { Message } from '../messaging/message.entity';
import { toMessageDto } from '../messaging/message.mapper';
import { Organization } from '../organizations/organization.entity';
import { Team } from '../organizations/team.entity';
import { Patient } from '../patients/patient.entity';
import { PatientPhone } from '../patients/patient-phone.entity';
import { PatientsService } from '../patients/patients.service';
import { EventLogService, type CommittedEvent } from '../realtime/event-log.service';
import { parseOffsetCursor } from '../common/offset-cursor';

const PAGE_SIZE = 50;
const RECENT_MESSAGES = 5;

/** Whether a conversation is in the queue: never archived, or texted again since it was. */
const IN_QUEUE = '(c.archived_at is null or c.last_message_at > c.archived_at)';
const ARCHIVED = '(c.archived_at is not null and c.last_message_at <= c.archived_at)';

/**
 * Unrecognized senders: conversations whose number is no patient's. Staff match the number to a
 * patient (it becomes one of their phones), create a patient for it, or archive it (kept for audit;
 * a newer text brings it back). Each resolution is one transaction with its audit entry and
 * `inbox:updated` event, pushed after commit.
 */
@Injectable()
export class UnrecognizedService {
  constructor(
    private readonly em: EntityManager,
    private readonly patients: PatientsService,
    private readonly eventLog: EventLogService,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, query: { lineId?: string; cursor?: string; archived: boolean }): Promise<Page<UnrecognizedConversationDto>> {
    const em = this.em.fork();
    const conditions = ['c.organization_id = ?', 'c.patient_id is null', 'c.last_message_at is not null', query.archived ? ARCHIVED : IN_QUEUE];
    const params: unknown[] = [user.organizationId];
    const teams = visibleTeamIds(user);
    if (teams !== 'all') {
      conditions.push('c.team_id = any(cast(? as uuid[]))');
      params.push(toPgArray(teams));
    }
    if (query.lineId !== undefined) {
      await this.assertLineVisible(em, user, query.lineId);
      conditions.push('c.line_id = ?');
      params.push(query.lineId);
    }
    const offset = parseOffsetCursor(query.cursor);
    const rows = await em.execute<{ id: string }[]>(
      `select c.id from conversation c where ${conditions.join(' and ')} order by c.last_message_at desc, c.id asc limit ? offset ?`,
      [...params, PAGE_SIZE + 1, offset],
    );
    const ids = rows.slice(0, PAGE_SIZE).map((row) => row.id);
    return { items: await this.toDtos(em, ids), nextCursor: rows.length > PAGE_SIZE ? String(offset + PAGE_SIZE) : null };
  }

  /** The number becomes one of the patient's phones (if it is not yet) and the conversation and its messages join the patient. */
  async match(user: AuthUser, conversationId: string, patientId: string): Promise<UnrecognizedResolutionDto> {
    const patient = await this.resolve(user, conversationId, 'unrecognized.match', async (tx, conversation) => {
      const target = await this.patients.getVisible(user, patientId, tx);
      const existing = target.phones.getItems().find((phone) => phone.number === conversation.externalNumber);
      const phone = existing ?? addPhone(tx, target, conversation.externalNumber);
      return { patient: target, details: { phoneId: phone.id, phoneAdded: !existing } };
    });
    return { conversationId, patient: await this.patients.getDto(user, patient!.id), archivedAt: null };
  }

  async createPatient(user: AuthUser, conversationId: string, request: { name: string; teamId: string; dateOfBirth?: string }): Promise<UnrecognizedResolutionDto> {
    const patient = await this.resolve(user, conversationId, 'unrecognized.create-patient', async (tx, conversation) => {
      if (!canSeeTeam(user, request.teamId)) throw new NotFoundError('Team');
      const team = await tx.findOne(Team, { id: request.teamId, organization: user.organizationId });
      if (!team) throw new NotFoundError('Team');
      const created = new Patient(tx.getReference(Organization, user.organizationId), team, request.name.trim());
      created.dateOfBirth = request.dateOfBirth ?? null;
      tx.persist(created);
      const phone = addPhone(tx, created, conversation.externalNumber);
      return { patient: created, details: { phoneId: phone.id } };
    });
    return { conversationId, patient: await this.patients.getDto(user, patient!.id), archivedAt: null };
  }

  /** Hidden from the queue, closed in the inbox, never deleted; a newer text from the number brings it back. */
  async archive(user: AuthUser, conversationId: string): Promise<UnrecognizedResolutionDto> {
    const em = this.em.fork();
    const { archivedAt, events } = await em.transactional(async (tx) => {
      const conversation = await this.lockUnrecognized(tx, user, conversationId);
      const lastMessageAt = conversation.lastMessageAt?.getTime() ?? 0;
      if (conversation.archivedAt && conversation.archivedAt.getTime() >= lastMessageAt) {
        return { archivedAt: conversation.archivedAt, events: [] as CommittedEvent[] };
      }
      conversation.archivedAt = new Date(Math.max(Date.now(), lastMessageAt));
      conversation.status = 'closed';
      this.audit.record(tx, user, 'unrecognized.archive', null, { conversationId: conversation.id, lineId: conversation.line.id });
      await tx.flush();
      return { archivedAt: conversation.archivedAt, events: [await this.eventLog.append(tx, conversationAudience(conversation), 'inbox:updated', inboxUpdate(conversation))] };
    });
    this.eventLog.publish(events);
    return { conversationId, patient: null, archivedAt: archivedAt.toISOString() };
  }

  /** Match and create-patient: give the conversation (and its messages) to the patient `decide` returns. */
  private async resolve(
    user: AuthUser,
    conversationId: string,
    action: AuditAction,
    decide: (tx: EntityManager, conversation: Conversation) => Promise<{ patient: Patient; details: Record<string, unknown> }>,
  ): Promise<Patient> {
    const em = this.em.fork();
    const { patient, events } = await em.transactional(async (tx) => {
      await lockNumberConversations(tx, user, conversationId);
      const conversation = await this.lockUnrecognized(tx, user, conversationId);
      const { patient, details } = await decide(tx, conversation);
      // The same number's other unknown conversations (other lines) the caller may see join the patient too.
      const siblings = await this.visibleSiblings(tx, user, conversation);
      const events: CommittedEvent[] = [];
      for (const each of [conversation, ...siblings]) {
        const formerTeamId = each.team?.id ?? null;
        each.patient = patient;
        each.team = patient.team;
        each.archivedAt = null;
        await tx.flush();
        const moved = await tx.execute<{ count: string }[]>(
          'with moved as (update message set patient_id = ? where conversation_id = ? and patient_id is null returning 1) select count(*) as count from moved',
          [patient.id, each.id],
        );
        const extra = each === conversation ? details : { resolvedWith: conversation.id };
        this.audit.record(tx, user, action, patient.id, { conversationId: each.id, formerTeamId, messagesMoved: Number(moved[0]?.count ?? 0), ...extra });
        await tx.flush();
        events.push(await this.eventLog.append(tx, conversationAudience(each), 'inbox:updated', inboxUpdate(each)));
      }
      return { patient, events };
    });
    this.eventLog.publish(events);
    return patient;
  }

  private async visibleSiblings(tx: EntityManager, user: AuthUser, conversation: Conversation): Promise<Conversation[]> {
    const rows = await tx.execute<{ id: string }[]>(
      'select id from conversation where organization_id = ? and external_number = ? and patient_id is null and id <> ? order by id for update',
      [user.organizationId, conversation.externalNumber, conversation.id],
    );
    if (rows.length === 0) return [];
    const found = await tx.find(Conversation, { id: { $in: rows.map((row) => row.id) } }, { populate: ['line', 'patient', 'assignee', 'team'], refresh: true });
    return found.filter((candidate) => canSeeConversation(user, candidate));
  }

  /** A conversation the user may see whose number is still no patient's (409 once it is). */
  private async lockUnrecognized(tx: EntityManager, user: AuthUser, conversationId: string): Promise<Conversation> {
    const conversation = await findVisibleConversation(tx, user, conversationId, { lock: true });
    if (conversation.patient) throw new DomainError('conflict', 'This conversation already belongs to a patient');
    return conversation;
  }

  private async toDtos(em: EntityManager, ids: string[]): Promise<UnrecognizedConversationDto[]> {
    if (ids.length === 0) return [];
    const conversations = await em.find(Conversation, { id: { $in: ids } }, { populate: ['line'] });
    const counts = await em.execute<{ conversation_id: string; count: string }[]>(
      'select conversation_id, count(*) as count from message where conversation_id = any(cast(? as uuid[])) group by conversation_id',
      [toPgArray(ids)],
    );
    const recentIds = await em.execute<{ id: string }[]>(
      `select id from (select id, row_number() over (partition by conversation_id order by created_at desc, id desc) as n
         from message where conversation_id = any(cast(? as uuid[]))) recent where n <= ?`,
      [toPgArray(ids), RECENT_MESSAGES],
    );
    const messages = recentIds.length
      ? await em.find(Message, { id: { $in: recentIds.map((row) => row.id) } }, { populate: ['sentBy', 'conversation', 'line'], orderBy: { createdAt: 'asc', id: 'asc' } })
      : [];
    const countOf = new Map(counts.map((row) => [row.conversation_id, Number(row.count)]));
    const byId = new Map(conversations.map((conversation) => [conversation.id, conversation]));
    return ids.flatMap((id) => {
      const conversation = byId.get(id);
      if (!conversation) return [];
      return [
        {
          id,
          lineId: conversation.line.id,
          lineName: conversation.line.name,
          teamId: conversation.team?.id ?? null,
          phoneNumber: conversation.externalNumber,
          messageCount: countOf.get(id) ?? 0,
          recentMessages: messages.filter((message) => message.conversation.id === id).map(toMessageDto),
          lastMessageAt: conversation.lastMessageAt?.toISOString() ?? null,
          archivedAt: conversation.archivedAt?.toISOString() ?? null,
        },
      ];
    });
  }

  private async assertLineVisible(em: EntityManager, user: AuthUser, lineId: string): Promise<void> {
    if (!isUuid(lineId)) throw new NotFoundError('Line');
    const line = await em.findOne(Line, { id: lineId, organization: user.organizationId });
    if (!line || !(line.team === null || canSeeTeam(user, line.team.id))) throw new NotFoundError('Line');
  }
}

/**
 * Locks every conversation of the conversation's number in id order before anything else, so two
 * resolutions touching the same number's conversations queue up instead of deadlocking.
 */
async function lockNumberConversations(tx: EntityManager, user: AuthUser, conversationId: string): Promise<void> {
  if (!isUuid(conversationId)) return;
  await tx.execute(
    `select c.id from conversation c
      where c.organization_id = ? and c.external_number = (select external_number from conversation where id = ? and organization_id = ?)
      order by c.id for update`,
    [user.organizationId, conversationId, user.organizationId],
  );
}

/** It texted us, so it takes texts: added as a mobile number after the patient's others. */
function addPhone(tx: EntityManager, patient: Patient, number: string): PatientPhone {
  const phones = patient.phones.isInitialized() ? patient.phones.getItems() : [];
  const position = phones.reduce((max, phone) => Math.max(max, phone.position + 1), 0);
  const phone = new PatientPhone(patient, number, 'mobile', position);
  patient.phones.add(phone);
  tx.persist(phone);
  return phone;
}
