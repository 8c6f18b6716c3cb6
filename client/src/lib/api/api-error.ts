import type { ApiErrorBody } from '@care/shared';

/** A failed API call, carrying the server's `{statusCode, error, message}` body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    message: string,
    /** Short reason phrase from the body (`"Conflict"`), or the HTTP status text. */
    readonly error: string,
    /** Stable machine-readable code, when the server sent one. */
    readonly code: string | null = null,
  ) {
    super(message);
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }

  static network(cause: unknown): ApiError {
    const error = new ApiError(0, 'Cannot reach the server. Check your connection and try again.', 'Network error');
    (error as { cause?: unknown }).cause = cause;
    return error;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'Your session has ended. Please log in again.',
  403: 'You are not allowed to do that.',
  404: 'Not found, or you do not have access to it.',
  409: 'That conflicts with the current state. Reload and try again.',
  422: 'Some of the information is not valid.',
  429: 'Too many requests. Wait a moment and try again.',
};

/**
 * Builds an ApiError from a failed response's status and raw body text.
 * Tolerates bodies that are not our JSON shape (proxies, HTML error pages) and
 * Nest's validation errors whose `message` is an array of strings.
 */
export function parseApiError(status: number, statusText: string, bodyText: string): ApiError {
  const body = parseJson(bodyText);
  const fallback = FALLBACK_MESSAGES[status] ?? (status >= 500 ? 'The server had a problem. Try again in a moment.' : `Request failed (${status}).`);
  if (!isRecord(body)) return new ApiError(status, fallback, statusText || 'Error');

  const message = readMessage(body['message']) ?? fallback;
  const error = typeof body['error'] === 'string' && body['error'] ? body['error'] : statusText || 'Error';
  const code = typeof body['code'] === 'string' ? body['code'] : null;
  return new ApiError(status, message, error, code);
}

function readMessage(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value;
  if (Array.isArray(value)) {
    const parts = value.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
    return parts.length ? parts.join('; ') : null;
  }
  return null;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Partial<Record<keyof ApiErrorBody, unknown>> & Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message to show a person for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
