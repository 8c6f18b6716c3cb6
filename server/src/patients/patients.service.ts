import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import type { Page, PatientDto } from '@care/shared';
import { Patient } from './patient.entity';
import { ConsentService } from '../consent/consent.service';
import { NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { canSeeTeam, seesWholeOrganization, type AuthUser } from '../auth/auth-user';
import { toPatientDto } from './patient.mapper';
import { parseOffsetCursor } from '../common/offset-cursor';

const PAGE_SIZE = 50;

@Injectable()
export class PatientsService {
  constructor(
    private readonly em: EntityManager,
    private readonly consent: ConsentService,
  ) {}

  /** The patient if the user may see it; otherwise NotFound, exactly as for a missing one. */
  async getVisible(user: AuthUser, patientId: string, em: EntityManager = this.em.fork()): Promise<Patient> {
    if (!isUuid(patientId)) throw new NotFoundError('Patient');
    const patient = await em.findOne(Patient, { id: patientId, organization: user.organizationId }, { populate: ['phones', 'team'] });
    if (!patient || !canSeeTeam(user, patient.team.id)) throw new NotFoundError('Patient');
    return patient;
  }

  async list(user: AuthUser, search: string | undefined, cursor: string | undefined): Promise<Page<PatientDto>> {
    const where: FilterQuery<Patient> = { organization: user.organizationId };
    if (!seesWholeOrganization(user)) where.team = { $in: user.teamIds };
    const term = search?.trim();
    if (term) {
      const digits = term.replace(/\D/g, '');
      const byName = { name: { $ilike: `%${escapeLike(term)}%` } };
      where.$or = digits.length >= 3 ? [byName, { phones: { number: { $like: `%${digits}%` } } }] : [byName];
    }
    const offset = parseOffsetCursor(cursor);
    const em = this.em.fork();
    const patients = await em.find(Patient, where, {
      populate: ['phones', 'team'],
      orderBy: { name: 'asc', id: 'asc' },
      limit: PAGE_SIZE + 1,
      offset,
    });
    const page = patients.slice(0, PAGE_SIZE);
    const numbers = page.flatMap((patient) => patient.phones.getItems().map((phone) => phone.number));
    const optedOut = await this.consent.optOutDetails(user.organizationId, numbers, em);
    return {
      items: page.map((patient) => toPatientDto(patient, optedOut)),
      nextCursor: patients.length > PAGE_SIZE ? String(offset + PAGE_SIZE) : null,
    };
  }

  async getDto(user: AuthUser, patientId: string): Promise<PatientDto> {
    const em = this.em.fork();
    const patient = await this.getVisible(user, patientId, em);
    const optedOut = await this.consent.optOutDetails(
      user.organizationId,
      patient.phones.getItems().map((phone) => phone.number),
      em,
    );
    return toPatientDto(patient, optedOut);
  }
}

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (char) => `\\${char}`);
}
