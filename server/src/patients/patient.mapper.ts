import type { PatientDto } from '@care/shared';
import type { Patient } from './patient.entity';

export function toPatientDto(patient: Patient, optedOutNumbers: ReadonlySet<string>): PatientDto {
  return {
    id: patient.id,
    name: patient.name,
    teamId: patient.team.id,
    teamName: patient.team.name,
    dateOfBirth: patient.dateOfBirth,
    phones: patient.phones.getItems().map((phone) => ({
      id: phone.id,
      number: phone.number,
      type: phone.type,
      optedOut: optedOutNumbers.has(phone.number),
      isPrimary: phone.position === 0,
    })),
  };
}
