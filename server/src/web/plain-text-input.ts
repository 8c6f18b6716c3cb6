import type { RequestHandler } from 'express';
import type { ApiErrorBody } from '@care/shared';
import { findUnstorableText } from '../common/plain-text';

const WEBHOOK_PATH = '/webhooks/';

/**
 * The API's rule for text (JSON bodies and query strings): NUL and unpaired UTF-16 surrogates are
 * not text (PostgreSQL cannot store them), so a request carrying one is answered 422 naming the
 * field, before any guard, pipe or query sees it. Twilio's webhooks are exempt: we cannot make
 * Twilio resend, so their values are kept with U+FFFD instead (`storableParams`).
 */
export function plainTextInput(): RequestHandler {
  return (request, response, next) => {
    if (request.path.startsWith(WEBHOOK_PATH)) return next();
    const field = findUnstorableText(request.query) ?? findUnstorableText(request.body);
    if (field === null) return next();
    const body: ApiErrorBody = {
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: `${field} must be text without NUL characters or unpaired surrogates`,
    };
    response.status(422).json(body);
  };
}
