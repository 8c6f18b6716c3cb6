/** Request and response shapes of the HTTP API under /api (contract §3). */
import type { MessageDto } from './messages';

export type UserRole = 'admin' | 'supervisor' | 'member';

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  organizationId: string;
  teamIds: string[];
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  user: UserDto;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type PhoneType = 'mobile' | 'landline' | 'unknown';

export interface PatientPhoneDto {
  id: string;
  number: string;
  type: PhoneType;
  optedOut: boolean;
  isPrimary: boolean;
}

export interface PatientDto {
  id: string;
  name: string;
  teamId: string;
  teamName: string;
  dateOfBirth: string | null;
  phones: PatientPhoneDto[];
}

export interface SendMessageRequest {
  body: string;
  clientMessageId: string;
  phoneId?: string;
  lineId?: string;
  templateId?: string;
}

export interface LineDto {
  id: string;
  name: string;
  number: string | null;
  messagingServiceSid: string | null;
  teamId: string | null;
  isDefault: boolean;
}

export interface TemplateDto {
  id: string;
  name: string;
  body: string;
  teamId: string | null;
}

export interface ConversationDto {
  id: string;
  lineId: string;
  patientId: string | null;
  patientName: string | null;
  phoneNumber: string;
  status: 'open' | 'closed';
  assigneeId: string | null;
  unread: number;
  lastMessage: MessageDto | null;
  lastMessageAt: string | null;
}

/** Error body of every failed API call. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Stable machine-readable code when the error is a domain error. */
  code?: string;
}

export interface HealthResponse {
  status: 'ok';
}
