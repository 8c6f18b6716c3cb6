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
  /** When and how the number opted out (null while it may be texted); the history has the rest. */
  optedOutAt?: string | null;
  optOutSource?: ConsentSource | null;
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
  /** Files uploaded with `POST /api/attachments` (at most 10): the text goes as MMS; `body` may then be empty. */
  attachmentIds?: string[];
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

// ---- Issue 6 (part B): profile, unrecognized senders, supervisor, admin, demo mode ----

/** `GET /api/teams`: the care teams the caller may see (supervisors and admins: all). */
export interface TeamDto {
  id: string;
  name: string;
}

/** `GET /api/users` (supervisors and admins): active users, e.g. to reassign a conversation. */
export interface UserSummaryDto {
  id: string;
  name: string;
  role: UserRole;
  teamIds: string[];
}

/** `GET /api/unrecognized?lineId=&archived=`: a conversation with a number that is no patient's. */
export interface UnrecognizedConversationDto {
  id: string;
  lineId: string;
  lineName: string;
  /** The team whose queue it is in (the line's), or null for an organisation-wide line. */
  teamId: string | null;
  phoneNumber: string;
  messageCount: number;
  /** The newest messages (at most 5), oldest first. */
  recentMessages: MessageDto[];
  lastMessageAt: string | null;
  /** Set when archived (kept for audit); a new text from the number brings it back to the queue. */
  archivedAt: string | null;
}

/** `POST /api/unrecognized/:conversationId/match`. */
export interface MatchUnrecognizedRequest {
  patientId: string;
}

/** `POST /api/unrecognized/:conversationId/create-patient`. */
export interface CreatePatientFromUnrecognizedRequest {
  name: string;
  teamId: string;
  /** `YYYY-MM-DD`. */
  dateOfBirth?: string;
}

/** The answer of match / create-patient / archive. */
export interface UnrecognizedResolutionDto {
  conversationId: string;
  /** The patient the conversation now belongs to (match, create-patient), else null. */
  patient: PatientDto | null;
  archivedAt: string | null;
}

/** `GET /api/admin/organization`. */
export interface OrganizationSettingsDto {
  name: string;
  timeZone: string;
  quietHoursStart: string;
  quietHoursEnd: string;
  /** The reply to HELP/INFO; null = the default text, shown in `defaultHelpReply`. */
  helpReply: string | null;
  defaultHelpReply: string;
  /** Sent to texts outside business hours (once per conversation per 12 h); null = off. */
  afterHoursReply: string | null;
  /** Business hours, local `HH:MM` in `timeZone`, on these ISO weekdays (1 = Monday … 7 = Sunday). */
  businessHoursStart: string;
  businessHoursEnd: string;
  businessDays: number[];
  /** The URLs to configure in Twilio (built from PUBLIC_BASE_URL). */
  webhooks: { inbound: string; status: string };
}

/** `PATCH /api/admin/organization`: any of these; `helpReply: null` goes back to the default. */
export interface UpdateOrganizationSettingsRequest {
  name?: string;
  timeZone?: string;
  quietHoursStart?: string;
  quietHoursEnd?: string;
  helpReply?: string | null;
  afterHoursReply?: string | null;
  businessHoursStart?: string;
  businessHoursEnd?: string;
  businessDays?: number[];
}

/** `GET /api/demo/status` (simulator mode only; 404 otherwise). */
export interface DemoStatusDto {
  enabled: boolean;
  /** Lines the caller may text as a patient. */
  lines: LineDto[];
  /** Numbers of patients the caller may see, to text as them. */
  patients: { patientId: string; name: string; number: string }[];
}

/** `POST /api/demo/inbound`: a simulated patient texts a line. */
export interface DemoInboundRequest {
  from: string;
  to: string;
  body: string;
}

/** `GET /api/demo/messages?number=`: what a simulated phone sent and received, oldest first. */
export interface DemoMessageDto {
  sid: string;
  /** `inbound`: the phone texted a line; `outbound`: a line texted the phone. */
  direction: 'inbound' | 'outbound';
  from: string | null;
  to: string;
  body: string;
  status: string;
  /** Twilio's own keyword auto-reply (STOP/START/HELP), not sent by the product. */
  carrierReply: boolean;
  createdAt: string;
}
