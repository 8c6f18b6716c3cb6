import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { ApiErrorBody } from '@care/shared';

const LIMIT = '256kb';
/** Twilio's webhooks are small forms (a 1600-character body and ten media URLs); cap them tighter. */
export const WEBHOOK_LIMIT = '64kb';
const WEBHOOK_PATH = '/webhooks/';

const MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Request body is not valid JSON',
  'encoding.unsupported': 'Request body encoding is not supported',
  'charset.unsupported': 'Request body charset is not supported',
  'request.aborted': 'Request was aborted',
};

/**
 * JSON for the API and flat form fields for Twilio (`extended: false` keeps names like
 * MediaUrl0 exactly as Twilio sent them), with parse errors answered in the API's error shape.
 */
export function bodyParsers(): (RequestHandler | ErrorRequestHandler)[] {
  const answerParseError: ErrorRequestHandler = (error: { status?: number; type?: string }, request, response, next) => {
    if (typeof error?.status !== 'number' || error.status >= 500 || !error.type) return next(error);
    const body: ApiErrorBody = {
      statusCode: error.status,
      error: error.status === 413 ? 'Payload Too Large' : 'Bad Request',
      message:
        error.type === 'entity.too.large'
          ? `Request body is too large (limit ${request.path.startsWith(WEBHOOK_PATH) ? WEBHOOK_LIMIT : LIMIT})`
          : (MESSAGES[error.type] ?? 'Request body could not be read'),
    };
    response.status(error.status).json(body);
  };
  // A body parser skips a request another one already parsed, so the webhook ones go first.
  const webhooksOnly =
    (parser: RequestHandler): RequestHandler =>
    (request, response, next) =>
      request.path.startsWith(WEBHOOK_PATH) ? parser(request, response, next) : next();
  return [
    webhooksOnly(express.urlencoded({ extended: false, limit: WEBHOOK_LIMIT })),
    webhooksOnly(express.json({ limit: WEBHOOK_LIMIT })),
    express.json({ limit: LIMIT }),
    express.urlencoded({ extended: false, limit: LIMIT }),
    answerParseError,
  ];
}
