/** Builders for wire objects in unit tests; override only what a test is about. */
import type { LineDto, MessageDto, PatientDto, PatientPhoneDto } from '@care/shared';

let sequence = 0;
const next = (): number => ++sequence;

export function aMessage(overrides: Partial<MessageDto> = {}): MessageDto {
  const n = next();
  return {
    id: `msg-${n}`,
    patientId: 'patient-1',
    conversationId: 'conversation-1',
    direction: 'outbound',
    body: `Message ${n}`,
    from: '+16175550100',
    to: '+16175550111',
    lineId: 'line-1',
    status: 'queued',
    errorCode: null,
    errorMessage: null,
    segments: 1,
    encoding: 'GSM-7',
    channel: 'sms',
    media: [],
    sentBy: { id: 'user-1', name: 'Nina Nurse' },
    clientMessageId: null,
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, n)).toISOString(),
    twilioSid: `SM${String(n).padStart(32, '0')}`,
    ...overrides,
  };
}

export function aPhone(overrides: Partial<PatientPhoneDto> = {}): PatientPhoneDto {
  const n = next();
  return { id: `phone-${n}`, number: `+1617555${String(1000 + n).slice(-4)}`, type: 'mobile', optedOut: false, isPrimary: false, ...overrides };
}

export function aPatient(overrides: Partial<PatientDto> = {}): PatientDto {
  const n = next();
  return {
    id: `patient-${n}`,
    name: `Patient ${n}`,
    teamId: 'team-1',
    teamName: 'Cardiology',
    dateOfBirth: null,
    phones: [aPhone({ isPrimary: true })],
    ...overrides,
  };
}

export function aLine(overrides: Partial<LineDto> = {}): LineDto {
  const n = next();
  return { id: `line-${n}`, name: `Line ${n}`, number: '+16175550100', messagingServiceSid: null, teamId: null, isDefault: false, ...overrides };
}
