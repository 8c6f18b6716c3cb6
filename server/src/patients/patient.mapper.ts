import type { PatientDto } from '@care/shared';
import type { OptOutDetail } from '../consent/consent.service';
import type { Patient } from './patient.entity';

export function toPatientDto(patient: Patient, optOuts: ReadonlyMap<string, OptOutDetail>): PatientDto {
  return {
    id: patient.id,
    name: patient.name,
    teamId: patient.team.id,
    teamName: patient.team.name,
    dateOfBirth: patient.dateOfBirth,
    phones: patient.phones.getItems().map((phone) => {
      const optOut = optOuts.get(phone.number) ?? null;
      return {
        id: phone.id,
        number: phone.number,
        type: phone.type,
        optedOut: optOut !== null,
        isPrimary: phone.position === 0,
        optedOutAt: optOut?.at.toISOString() ?? null,
        optOutSource: optOut?.source ?? null,
      };
    }),
  };
}
