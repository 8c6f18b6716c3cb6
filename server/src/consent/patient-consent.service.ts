import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ConsentEventDto, Page, PatientDto } from '@care/shared';
import type { AuthUser } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/errors/domain-error';
import { PatientsService } from '../patients/patients.service';
import type { Patient } from '../patients/patient.entity';
import type { PatientPhone } from '../patients/patient-phone.entity';
import { EventLogService } from '../realtime/event-log.service';
import type { EventAudience } from '../realtime/rooms';
import { MessagingEvents, type ConsentChangedEvent } from '../messaging/messaging.events';
import { ConsentService } from './consent.service';
import type { ConsentEvent } from './consent-event.entity';
import { parseOffsetCursor } from '../common/offset-cursor';

const PAGE_SIZE = 50;

/**
 * Consent as staff see it on a patient's profile: the history of each number, and the one change
 * staff may make themselves: record an opt-out the patient asked for by phone or in person.
 * Opting back in is the patient's alone (they text START); there is deliberately no endpoint for it.
 */
@Injectable()
export class PatientConsentService {
  constructor(
    private readonly em: EntityManager,
    private readonly patients: PatientsService,
    private readonly consent: ConsentService,
    private readonly eventLog: EventLogService,
    private readonly audit: AuditService,
    private readonly emitter: EventEmitter2,
  ) {}

  async history(user: AuthUser, patientId: string, cursor: string | undefined): Promise<Page<ConsentEventDto>> {
    const em = this.em.fork();
    const patient = await this.patients.getVisible(user, patientId, em);
    const offset = parseOffsetCursor(cursor);
    const phones = patient.phones.getItems();
    const events = await this.consent.history(user.organizationId, phones.map((phone) => phone.number), { offset, limit: PAGE_SIZE + 1 }, em);
    this.audit.record(em, user, 'consent.history-read', patient.id, { count: Math.min(events.length, PAGE_SIZE) });
    await em.flush();
    return {
      items: events.slice(0, PAGE_SIZE).map((event) => toConsentEventDto(event, phones)),
      nextCursor: events.length > PAGE_SIZE ? String(offset + PAGE_SIZE) : null,
    };
  }

  async recordStaffOptOut(user: AuthUser, patientId: string, phoneId: string, reason: string): Promise<ConsentEventDto> {
    const em = this.em.fork();
    const patient = await this.patients.getVisible(user, patientId, em);
    const phone = findPhone(patient, phoneId);
    let domainEvent: ConsentChangedEvent | null = null;
    const { event, pushed } = await em.transactional(async (tx) => {
      const { event, changed } = await this.consent.record(tx, user.organizationId, {
        number: phone.number,
        optedOut: true,
        source: 'staff',
        reason: reason.trim(),
        recordedById: user.id,
      });
      // Ids only in the audit log: the reason stays in the consent history.
      this.audit.record(tx, user, 'consent.opt-out', patient.id, { phoneId: phone.id, source: 'staff', consentEventId: event.id, alreadyOptedOut: changed === null });
      if (!changed) return { event, pushed: [] };
      domainEvent = { organizationId: user.organizationId, number: phone.number, optedOut: true, patientId: patient.id, teamId: patient.team.id, source: 'staff' };
      return { event, pushed: [await this.eventLog.append(tx, audienceOf(patient), 'consent:changed', { ...changed, patientId: patient.id, phoneId: phone.id })] };
    });
    this.eventLog.publish(pushed);
    if (domainEvent) this.emitter.emit(MessagingEvents.consentChanged, domainEvent);
    await em.populate(event, ['recordedBy']);
    return toConsentEventDto(event, patient.phones.getItems());
  }

  /** Twilio's 30006 says the number is a landline: staff confirm it, and nobody texts it again. */
  async markLandline(user: AuthUser, patientId: string, phoneId: string): Promise<PatientDto> {
    const em = this.em.fork();
    const patient = await this.patients.getVisible(user, patientId, em);
    const phone = findPhone(patient, phoneId);
    if (phone.type !== 'landline') {
      phone.type = 'landline';
      this.audit.record(em, user, 'patient.phone-marked-landline', patient.id, { phoneId: phone.id });
      await em.flush();
    }
    return this.patients.getDto(user, patient.id);
  }
}

function findPhone(patient: Patient, phoneId: string): PatientPhone {
  const phone = patient.phones.getItems().find((candidate) => candidate.id === phoneId);
  if (!phone) throw new NotFoundError('Phone');
  return phone;
}

function audienceOf(patient: Patient): EventAudience {
  return { organizationId: patient.organization.id, teamId: patient.team.id, lineId: null, patientId: patient.id };
}

function toConsentEventDto(event: ConsentEvent, phones: PatientPhone[]): ConsentEventDto {
  return {
    id: event.id,
    phoneId: phones.find((phone) => phone.number === event.number)?.id ?? null,
    number: event.number,
    optedOut: event.optedOut,
    source: event.source,
    keyword: event.keyword,
    optOutType: event.optOutType,
    reason: event.reason,
    recordedBy: event.recordedBy ? { id: event.recordedBy.id, name: event.recordedBy.name } : null,
    messageId: event.message?.id ?? null,
    at: event.createdAt.toISOString(),
  };
}
