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
  /**
   * The text. May be omitted when `templateId` is given (the template's text is used). With a
   * `templateId`, the body (given or the template's) is rendered with the template variables.
   */
  body?: string;
  clientMessageId: string;
  phoneId?: string;
  lineId?: string;
  templateId?: string;
  /** ISO 8601 instant: send then instead of now (status `scheduled`, cancellable until it goes). */
  sendAt?: string;
  /** Send during the organisation's quiet hours anyway (urgent); the reason is audited. */
  quietHoursOverride?: { reason: string };
  /** Replace characters that silently force UCS-2 (curly quotes, long dashes...) before storing. */
  smartEncoding?: boolean;
}

/** A line as admins manage it: `LineDto` plus its send rate. */
export interface AdminLineDto extends LineDto {
  /** Messages per second Twilio accepts from this sender (long code 1, toll-free 3, short code 100). */
  mps: number;
}

export interface CreateLineRequest {
  name: string;
  /** E.164; exactly one of `number` and `messagingServiceSid`. */
  number?: string;
  messagingServiceSid?: string;
  teamId?: string | null;
  isDefault?: boolean;
  mps?: number;
}

export type UpdateLineRequest = Partial<Omit<CreateLineRequest, 'number' | 'messagingServiceSid'>>;

/** A template as admins manage it. */
export interface AdminTemplateDto extends TemplateDto {
  category: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CreateTemplateRequest {
  name: string;
  body: string;
  category?: string | null;
  teamId?: string | null;
  active?: boolean;
}

export type UpdateTemplateRequest = Partial<CreateTemplateRequest>;

/** Variables a template body may use, e.g. `{{patient.firstName}}`. */
export const TEMPLATE_VARIABLES = [
  'patient.firstName',
  'patient.lastName',
  'patient.name',
  'user.firstName',
  'user.name',
  'org.name',
  'line.number',
  'line.name',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

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
  category?: string | null;
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
  /** Since when the patient's oldest unanswered inbound message waits; null when answered. */
  waitingSince: string | null;
  assigneeName: string | null;
  /** Inbound messages the caller has not read (per-user read state). */
  myUnread: number;
}

/** Error body of every failed API call. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Stable machine-readable code when the error is a domain error. */
  code?: string;
  /** Per-dependency state, on a failed readiness check. */
  details?: unknown;
}

export interface HealthResponse {
  status: 'ok';
}

/** Where a consent change came from: the patient's keyword, a staff member, or Twilio's 21610. */
export type ConsentSource = 'sms-keyword' | 'staff' | 'twilio-21610';

/** One entry of a patient's consent history (`GET /api/patients/:id/consent`), newest first. */
export interface ConsentEventDto {
  id: string;
  /** The patient's phone with this number, or null when it is no longer on the profile. */
  phoneId: string | null;
  number: string;
  optedOut: boolean;
  source: ConsentSource;
  /** The keyword texted (e.g. `STOP`), for `sms-keyword`. */
  keyword: string | null;
  /** Twilio's Advanced Opt-Out classification (`STOP`/`START`/`HELP`) when Twilio sent one. */
  optOutType: string | null;
  /** The staff member's reason, for `staff`. */
  reason: string | null;
  recordedBy: { id: string; name: string } | null;
  messageId: string | null;
  at: string;
}

/** `POST /api/patients/:id/phones/:phoneId/opt-out`: a patient asked by phone (or in person) to stop texts. */
export interface StaffOptOutRequest {
  reason: string;
}

/** `POST /api/conversations/:id/assign`: a user id, or null to unassign. */
export interface AssignConversationRequest {
  userId: string | null;
}

/** `POST /api/conversations/:id/read`: the caller's read state after marking. */
export interface ConversationReadDto {
  conversationId: string;
  lastReadAt: string;
  myUnread: number;
}

/** `GET /api/inbox/summary`: totals per line the caller oversees. */
export interface InboxLineSummaryDto {
  lineId: string;
  lineName: string;
  teamId: string | null;
  open: number;
  unassigned: number;
  /** The longest-waiting open conversation's `waitingSince`, or null. */
  waitingLongestSince: string | null;
  /** Outbound messages failed or undelivered in the last 24 hours. */
  failed: number;
}

export interface NotificationDto {
  id: string;
  kind: 'inbound' | 'failed' | 'opt-out';
  patientId: string | null;
  conversationId: string | null;
  messageId: string | null;
  text: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage extends Page<NotificationDto> {
  unreadTotal: number;
}

export interface NotificationsReadResponse {
  unreadTotal: number;
}

/** Admin view of a user (`GET /api/admin/users`). */
export interface AdminUserDto extends UserDto {
  disabledAt: string | null;
}

/** `PUT /api/admin/users/:id/teams`: the complete set of the user's teams. */
export interface SetUserTeamsRequest {
  teamIds: string[];
}
