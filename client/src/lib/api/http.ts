import { ApiError, parseApiError } from './api-error';

/** Set by the server when it slides an active session (see server/src/auth/jwt-auth.guard.ts). */
export const REFRESHED_TOKEN_HEADER = 'X-Refreshed-Token';

export type QueryValue = string | number | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Send the bearer token (default true). */
  auth?: boolean;
}

export interface HttpClientOptions {
  /** Injected so tests need no browser globals. */
  fetch: typeof globalThis.fetch;
  getToken: () => string | null;
  /** Called when an authenticated call answers 401: the token expired or was revoked. */
  onUnauthorized?: () => void;
  /** The server slid the session: use this token from now on (header X-Refreshed-Token). */
  onRefreshedToken?: (token: string) => void;
  /** Prefix of every path, default `/api`. */
  baseUrl?: string;
}

/** Thin fetch wrapper: JSON in and out, bearer token, typed errors. */
export class HttpClient {
  readonly #options: HttpClientOptions;

  constructor(options: HttpClientOptions) {
    this.#options = options;
  }

  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  /** A binary download (e.g. an MMS attachment), with the bearer token an `<img src>` could not send. */
  async getBlob(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<Blob> {
    const token = this.#options.getToken();
    let response: Response;
    try {
      response = await this.#options.fetch(buildUrl(this.#options.baseUrl ?? '/api', path, options.query), {
        method: 'GET',
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        signal: options.signal,
      });
    } catch (cause) {
      if (isAbort(cause)) throw cause;
      throw ApiError.network(cause);
    }
    this.#takeRefreshedToken(response.headers?.get(REFRESHED_TOKEN_HEADER) ?? null);
    if (!response.ok) {
      const error = parseApiError(response.status, response.statusText, await response.text());
      if (error.isUnauthorized) this.#options.onUnauthorized?.();
      throw error;
    }
    return response.blob();
  }

  /**
   * A multipart upload with progress (0..1). XMLHttpRequest, because fetch cannot report upload
   * progress; where there is none (tests), fetch without progress.
   */
  async upload<T>(path: string, form: FormData, options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {}): Promise<T> {
    const url = buildUrl(this.#options.baseUrl ?? '/api', path);
    const token = this.#options.getToken();
    const headers: Record<string, string> = { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    let status: number;
    let statusText: string;
    let text: string;
    if (typeof XMLHttpRequest === 'undefined') {
      let response: Response;
      try {
        response = await this.#options.fetch(url, { method: 'POST', headers, body: form, signal: options.signal });
      } catch (cause) {
        if (isAbort(cause)) throw cause;
        throw ApiError.network(cause);
      }
      ({ status, statusText } = response);
      text = await response.text();
    } else {
      ({ status, statusText, text } = await new Promise<{ status: number; statusText: string; text: string }>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', url);
        for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
        xhr.upload.onprogress = (event) => {
          if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
        };
        xhr.onload = () => resolve({ status: xhr.status, statusText: xhr.statusText, text: xhr.responseText });
        xhr.onerror = () => reject(ApiError.network(new Error('upload failed')));
        xhr.onabort = () => reject(new DOMException('The upload was canceled', 'AbortError'));
        options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
        xhr.send(form);
      }));
    }
    if (status < 200 || status >= 300) {
      const error = parseApiError(status, statusText, text);
      if (error.isUnauthorized) this.#options.onUnauthorized?.();
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(status, 'The server sent a response the app could not read.', 'Bad response');
    }
  }

  #takeRefreshedToken(token: string | null): void {
    if (token) this.#options.onRefreshedToken?.(token);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const useAuth = options.auth ?? true;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const token = useAuth ? this.#options.getToken() : null;
    if (token) headers['Authorization'] = `Bearer ${token}`;

    let response: Response;
    try {
      response = await this.#options.fetch(buildUrl(this.#options.baseUrl ?? '/api', path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (cause) {
      if (isAbort(cause)) throw cause;
      throw ApiError.network(cause);
    }

    if (useAuth) this.#takeRefreshedToken(response.headers?.get(REFRESHED_TOKEN_HEADER) ?? null);
    const text = await response.text();
    if (!response.ok) {
      const error = parseApiError(response.status, response.statusText, text);
      if (error.isUnauthorized && useAuth) this.#options.onUnauthorized?.();
      throw error;
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, 'The server sent a response the app could not read.', 'Bad response');
    }
  }
}

export function buildUrl(base: string, path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${base}${path}${search ? `?${search}` : ''}`;
}

export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
