import type {
  LineDto,
  LoginRequest,
  LoginResponse,
  MessageDto,
  Page,
  PatientDto,
  SendMessageRequest,
  TemplateDto,
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

  /** An attachment, by the path a message's `media[]` gives (`/api/messages/:id/media/:index`). */
  mediaBlob(mediaPath: string, signal?: AbortSignal): Promise<Blob> {
    return this.#http.getBlob(mediaPath.replace(/^\/api(?=\/)/, ''), { signal });
  }

  async listLines(): Promise<LineDto[]> {
    return asPage(await this.#http.get<Page<LineDto> | LineDto[]>('/lines')).items;
  }

  async listTemplates(): Promise<TemplateDto[]> {
    return asPage(await this.#http.get<Page<TemplateDto> | TemplateDto[]>('/templates')).items;
  }
}

/** Lists are `{items, nextCursor}` by contract; a bare array is read as one complete page. */
export function asPage<T>(value: Page<T> | T[]): Page<T> {
  if (Array.isArray(value)) return { items: value, nextCursor: null };
  return { items: value.items ?? [], nextCursor: value.nextCursor ?? null };
}
