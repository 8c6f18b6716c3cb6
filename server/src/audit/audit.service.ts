import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from './audit-entry.entity';

export type AuditAction =
  | 'thread.read'
  | 'patient.export'
  | 'message.send'
  | 'message.cancel'
  | 'consent.opt-out'
  | 'consent.opt-in'
  | 'message.auto-reply'
  | 'message.media-read'
  | 'attachment.upload'
  | 'attachment.read'
  | 'consent.history-read'
  | 'patient.phone-marked-landline'
  | 'conversation.assign'
  | 'conversation.close'
  | 'conversation.reopen'
  | 'user.teams-changed'
  | 'user.disabled'
  | 'user.enabled'
  | 'unrecognized.match'
  | 'unrecognized.create-patient'
  | 'unrecognized.archive'
  | 'organization.settings-changed';

/** Who did it: a user, or the system (`id: null`, e.g. a patient's STOP via Twilio). */
export interface Actor {
  id: string | null;
  organizationId: string;
}

/** Records who read or changed which patient's communication. Details hold ids, never PHI. */
@Injectable()
export class AuditService {
  /** Adds the entry to the given unit of work; it is written with the caller's flush. */
  record(em: EntityManager, actor: Actor, action: AuditAction, patientId: string | null, details: Record<string, unknown> = {}): void {
    em.persist(new AuditEntry({ organizationId: actor.organizationId, userId: actor.id, action, patientId, details }));
  }
}
