import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { ApiErrorBody } from '@care/shared';

const LIMIT = '256kb';

const MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Request body is not valid JSON',
  'entity.too.large': `Request body is too large (limit ${LIMIT})`,
  'encoding.unsupported': 'Request body encoding is not supported',
  'charset.unsupported': 'Request body charset is not supported',
  'request.aborted': 'Request was aborted',
};

/**
 * JSON for the API and flat form fields for Twilio (`extended: false` keeps names like
 * MediaUrl0 exactly as Twilio sent them), with parse errors answered in the API's error shape.
 */
export function bodyParsers(): (RequestHandler | ErrorRequestHandler)[] {
  const answerParseError: ErrorRequestHandler = (error: { status?: number; type?: string }, _request, response, next) => {
    if (typeof error?.status !== 'number' || error.status >= 500 || !error.type) return next(error);
    const body: ApiErrorBody = {
      statusCode: error.status,
      error: error.status === 413 ? 'Payload Too Large' : 'Bad Request',
      message: MESSAGES[error.type] ?? 'Request body could not be read',
    };
    response.status(error.status).json(body);
  };
  return [express.json({ limit: LIMIT }), express.urlencoded({ extended: false, limit: LIMIT }), answerParseError];
}
