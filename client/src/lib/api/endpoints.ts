import type {
  AttachmentDto,
  AdminUserDto,
  AssignConversationRequest,
  ConversationDto,
  ConversationReadDto,
  NotificationPage,
  NotificationsReadResponse,
  LineDto,
  LoginRequest,
  LoginResponse,
  MessageDto,
  Page,
  PatientDto,
  SendMessageRequest,
  TemplateDto,
} from '@care/shared';
// Part B (profile, unrecognized, supervisor, admin, demo) wire types.
import type {
  AdminLineDto,
  AdminTemplateDto,
  ConsentEventDto,
  CreateLineRequest,
  CreatePatientFromUnrecognizedRequest,
  CreateTemplateRequest,
  DemoInboundRequest,
  DemoMessageDto,
  DemoStatusDto,
  InboxLineSummaryDto,
  MatchUnrecognizedRequest,
  OrganizationSettingsDto,
  SetUserTeamsRequest,
  StaffOptOutRequest,
  TeamDto,
  UnrecognizedConversationDto,
  UnrecognizedResolutionDto,
  UpdateLineRequest,
  UpdateOrganizationSettingsRequest,
  UpdateTemplateRequest,
  UserSummaryDto,
} from '@care/shared';
import type { HttpClient } from './http';

const id = encodeURIComponent;

/** Every HTTP call the app makes, typed with the shared wire shapes (contract §3). */
export class CareApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  login(request: LoginRequest): Promise<LoginResponse> {
    return this.#http.post<LoginResponse>('/auth/login', request, { auth: false });
  }

  async listPatients(params: { search?: string; cursor?: string | null }, signal?: AbortSignal): Promise<Page<PatientDto>> {
    return asPage(await this.#http.get<Page<PatientDto> | PatientDto[]>('/patients', { query: { search: params.search?.trim(), cursor: params.cursor }, signal }));
  }

  getPatient(patientId: string, signal?: AbortSignal): Promise<PatientDto> {
    return this.#http.get<PatientDto>(`/patients/${id(patientId)}`, { signal });
  }

  async listMessages(patientId: string, params: { cursor?: string | null; limit?: number }, signal?: AbortSignal): Promise<Page<MessageDto>> {
    return asPage(
      await this.#http.get<Page<MessageDto> | MessageDto[]>(`/patients/${id(patientId)}/messages`, {
        query: { cursor: params.cursor, limit: params.limit },
        signal,
      }),
    );
  }

  sendMessage(patientId: string, request: SendMessageRequest): Promise<MessageDto> {
    return this.#http.post<MessageDto>(`/patients/${id(patientId)}/messages`, request);
  }

  /** Uploads a file to attach to a text (MMS); `onProgress` gets 0..1. */
  uploadAttachment(file: File, options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {}): Promise<AttachmentDto> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.#http.upload<AttachmentDto>('/attachments', form, options);
  }

  /** An attachment, by the path a message's `media[]` gives (`/api/messages/:id/media/:index` or `/api/attachments/:id`). */
  mediaBlob(mediaPath: string, signal?: AbortSignal): Promise<Blob> {
    return this.#http.getBlob(mediaPath.replace(/^\/api(?=\/)/, ''), { signal });
  }

  async listLines(): Promise<LineDto[]> {
    return asPage(await this.#http.get<Page<LineDto> | LineDto[]>('/lines')).items;
  }

  async listTemplates(): Promise<TemplateDto[]> {
    return asPage(await this.#http.get<Page<TemplateDto> | TemplateDto[]>('/templates')).items;
  }

  // ── Communication Center, thread actions and the bell (issue 6, part A) ──────────────────

  /** The caller's inbox: open conversations by `filter` (or closed ones), optionally of one line. */
  async listInbox(params: { lineId?: string | null; filter?: string; cursor?: string | null }, signal?: AbortSignal): Promise<Page<ConversationDto>> {
    return asPage(
      await this.#http.get<Page<ConversationDto> | ConversationDto[]>('/inbox', {
        query: { lineId: params.lineId, filter: params.filter, cursor: params.cursor },
        signal,
      }),
    );
  }

  getConversation(conversationId: string, signal?: AbortSignal): Promise<ConversationDto> {
    return this.#http.get<ConversationDto>(`/conversations/${id(conversationId)}`, { signal });
  }

  markConversationRead(conversationId: string): Promise<ConversationReadDto> {
    return this.#http.post<ConversationReadDto>(`/conversations/${id(conversationId)}/read`, {});
  }

  assignConversation(conversationId: string, userId: string | null): Promise<ConversationDto> {
    return this.#http.post<ConversationDto>(`/conversations/${id(conversationId)}/assign`, { userId } satisfies AssignConversationRequest);
  }

  closeConversation(conversationId: string): Promise<ConversationDto> {
    return this.#http.post<ConversationDto>(`/conversations/${id(conversationId)}/close`, {});
  }

  reopenConversation(conversationId: string): Promise<ConversationDto> {
    return this.#http.post<ConversationDto>(`/conversations/${id(conversationId)}/reopen`, {});
  }

  /** A scheduled (or held) text that has not gone to Twilio yet; 409 once it has. */
  cancelMessage(messageId: string): Promise<MessageDto> {
    return this.#http.post<MessageDto>(`/messages/${id(messageId)}/cancel`, {});
  }

  markPhoneLandline(patientId: string, phoneId: string): Promise<PatientDto> {
    return this.#http.post<PatientDto>(`/patients/${id(patientId)}/phones/${id(phoneId)}/mark-landline`, {});
  }

  listNotifications(cursor?: string | null, signal?: AbortSignal): Promise<NotificationPage> {
    return this.#http.get<NotificationPage>('/notifications', { query: { cursor }, signal });
  }

  markNotificationRead(notificationId: string): Promise<NotificationsReadResponse> {
    return this.#http.post<NotificationsReadResponse>(`/notifications/${id(notificationId)}/read`, {});
  }

  markAllNotificationsRead(): Promise<NotificationsReadResponse> {
    return this.#http.post<NotificationsReadResponse>('/notifications/read-all', {});
  }


  // ── Profile, unrecognized senders, supervisor, admin and demo mode (issue 6, part B) ──────

  async listConsentHistory(patientId: string, cursor?: string | null, signal?: AbortSignal): Promise<Page<ConsentEventDto>> {
    return asPage(await this.#http.get<Page<ConsentEventDto>>(`/patients/${id(patientId)}/consent`, { query: { cursor }, signal }));
  }

  /** Staff record an opt-out the patient asked for by phone or in person (there is no staff opt-in). */
  recordStaffOptOut(patientId: string, phoneId: string, reason: string): Promise<ConsentEventDto> {
    return this.#http.post<ConsentEventDto>(`/patients/${id(patientId)}/phones/${id(phoneId)}/opt-out`, { reason } satisfies StaffOptOutRequest);
  }

  async listTeams(): Promise<TeamDto[]> {
    return asPage(await this.#http.get<Page<TeamDto>>('/teams')).items;
  }

  /** Supervisors and admins: active users, to reassign conversations (403 for members). */
  async listAssignableUsers(): Promise<UserSummaryDto[]> {
    return asPage(await this.#http.get<Page<UserSummaryDto>>('/users')).items;
  }

  async inboxSummary(signal?: AbortSignal): Promise<InboxLineSummaryDto[]> {
    return asPage(await this.#http.get<Page<InboxLineSummaryDto>>('/inbox/summary', { signal })).items;
  }

  async listUnrecognized(params: { lineId?: string | null; archived?: boolean; cursor?: string | null }, signal?: AbortSignal): Promise<Page<UnrecognizedConversationDto>> {
    return asPage(
      await this.#http.get<Page<UnrecognizedConversationDto>>('/unrecognized', {
        query: { lineId: params.lineId, archived: params.archived ? 'true' : undefined, cursor: params.cursor },
        signal,
      }),
    );
  }

  matchUnrecognized(conversationId: string, patientId: string): Promise<UnrecognizedResolutionDto> {
    return this.#http.post<UnrecognizedResolutionDto>(`/unrecognized/${id(conversationId)}/match`, { patientId } satisfies MatchUnrecognizedRequest);
  }

  createPatientFromUnrecognized(conversationId: string, request: CreatePatientFromUnrecognizedRequest): Promise<UnrecognizedResolutionDto> {
    return this.#http.post<UnrecognizedResolutionDto>(`/unrecognized/${id(conversationId)}/create-patient`, request);
  }

  archiveUnrecognized(conversationId: string): Promise<UnrecognizedResolutionDto> {
    return this.#http.post<UnrecognizedResolutionDto>(`/unrecognized/${id(conversationId)}/archive`, {});
  }

  async adminListLines(): Promise<AdminLineDto[]> {
    return asPage(await this.#http.get<Page<AdminLineDto>>('/admin/lines')).items;
  }

  adminCreateLine(request: CreateLineRequest): Promise<AdminLineDto> {
    return this.#http.post<AdminLineDto>('/admin/lines', request);
  }

  adminUpdateLine(lineId: string, request: UpdateLineRequest): Promise<AdminLineDto> {
    return this.#http.request<AdminLineDto>('PATCH', `/admin/lines/${id(lineId)}`, { body: request });
  }

  adminDeleteLine(lineId: string): Promise<void> {
    return this.#http.request<void>('DELETE', `/admin/lines/${id(lineId)}`);
  }

  async adminListTemplates(): Promise<AdminTemplateDto[]> {
    return asPage(await this.#http.get<Page<AdminTemplateDto>>('/admin/templates')).items;
  }

  adminCreateTemplate(request: CreateTemplateRequest): Promise<AdminTemplateDto> {
    return this.#http.post<AdminTemplateDto>('/admin/templates', request);
  }

  adminUpdateTemplate(templateId: string, request: UpdateTemplateRequest): Promise<AdminTemplateDto> {
    return this.#http.request<AdminTemplateDto>('PATCH', `/admin/templates/${id(templateId)}`, { body: request });
  }

  adminDeleteTemplate(templateId: string): Promise<void> {
    return this.#http.request<void>('DELETE', `/admin/templates/${id(templateId)}`);
  }

  async adminListUsers(): Promise<AdminUserDto[]> {
    return asPage(await this.#http.get<Page<AdminUserDto>>('/admin/users')).items;
  }

  adminSetUserTeams(userId: string, teamIds: string[]): Promise<AdminUserDto> {
    return this.#http.request<AdminUserDto>('PUT', `/admin/users/${id(userId)}/teams`, { body: { teamIds } satisfies SetUserTeamsRequest });
  }

  adminSetUserDisabled(userId: string, disabled: boolean): Promise<AdminUserDto> {
    return this.#http.post<AdminUserDto>(`/admin/users/${id(userId)}/${disabled ? 'disable' : 'enable'}`, {});
  }

  adminGetOrganization(): Promise<OrganizationSettingsDto> {
    return this.#http.get<OrganizationSettingsDto>('/admin/organization');
  }

  adminUpdateOrganization(request: UpdateOrganizationSettingsRequest): Promise<OrganizationSettingsDto> {
    return this.#http.request<OrganizationSettingsDto>('PATCH', '/admin/organization', { body: request });
  }

  /** Demo mode: 404 when the server does not run the built-in simulator (then the panel is hidden). */
  demoStatus(signal?: AbortSignal): Promise<DemoStatusDto> {
    return this.#http.get<DemoStatusDto>('/demo/status', { signal });
  }

  demoSend(request: DemoInboundRequest): Promise<{ sid: string }> {
    return this.#http.post<{ sid: string }>('/demo/inbound', request);
  }

  async demoMessages(number: string, signal?: AbortSignal): Promise<DemoMessageDto[]> {
    return asPage(await this.#http.get<Page<DemoMessageDto>>('/demo/messages', { query: { number }, signal })).items;
  }
}

/** Lists are `{items, nextCursor}` by contract; a bare array is read as one complete page. */
export function asPage<T>(value: Page<T> | T[]): Page<T> {
  if (Array.isArray(value)) return { items: value, nextCursor: null };
  return { items: value.items ?? [], nextCursor: value.nextCursor ?? null };
}
