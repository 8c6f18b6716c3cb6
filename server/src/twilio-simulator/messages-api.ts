import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildOutboundMessage } from './create-message';
import { BodyTooLargeError, readBody, sendJson, sendNoContent } from './http-io';
import { deliveryOutcomeFor } from './lifecycle';
import { listMessagesPage } from './message-list';
import { toTwilioMessageJson } from './message-resource';
import { newSid } from './sid';
import type { SimulatorContext } from './simulator-context';
import { errorMessage } from './logging';
import { TwilioApiError, twilioErrors } from './twilio-errors';

const MESSAGES_COLLECTION = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE_INSTANCE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

interface ApiResult {
  status: number;
  /** Undefined for 204 No Content. */
  body?: unknown;
}

/** Everything under `/2010-04-01/`: Twilio's Programmable Messaging REST API. */
export async function handleTwilioApiRequest(
  ctx: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const headers = { 'Twilio-Request-Id': newSid('RQ') };
  try {
    const fault = ctx.faults.takeApiFault();
    if (fault === 'hang') {
      // Never answered: close() destroys the socket, which is what a client sees when Twilio stalls.
      ctx.logger.warn(`fault: leaving ${req.method ?? ''} ${url.pathname} unanswered`);
      return;
    }
    if (fault === '500') throw twilioErrors.internal();
    if (fault === '429') throw twilioErrors.tooManyRequests();
    if (!hasValidCredentials(req, ctx)) throw twilioErrors.authenticate();
    if (fault === 'hang-after-create') {
      // The request reached "Twilio" and was carried out, but the answer never comes: the case a
      // client must reconcile (look the message up) instead of blindly sending again.
      await routeApiRequest(ctx, req, url).catch(() => undefined);
      ctx.logger.warn(`fault: carried out ${req.method ?? ''} ${url.pathname} but left it unanswered`);
      return;
    }

    const result = await routeApiRequest(ctx, req, url);
    if (result.body === undefined) sendNoContent(res, headers);
    else sendJson(res, result.status, result.body, headers);
  } catch (error) {
    const apiError = toTwilioApiError(error);
    if (apiError.status >= 500) ctx.logger.error(`REST ${req.method ?? ''} ${url.pathname} failed: ${errorMessage(error)}`);
    const authHeader = apiError.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {};
    sendJson(res, apiError.status, apiError.toBody(), { ...headers, ...authHeader });
  }
}

async function routeApiRequest(ctx: SimulatorContext, req: IncomingMessage, url: URL): Promise<ApiResult> {
  const method = req.method ?? 'GET';
  const collection = MESSAGES_COLLECTION.exec(url.pathname);
  const instance = MESSAGE_INSTANCE.exec(url.pathname);
  const accountInPath = collection?.[1] ?? instance?.[1];
  if (accountInPath !== ctx.accountSid) throw twilioErrors.notFound(url.pathname);

  if (collection) {
    if (method === 'GET') return { status: 200, body: listMessagesPage(ctx.store.all(), url.searchParams, ctx.accountSid) };
    if (method === 'POST') return createMessage(ctx, await readForm(req));
    throw twilioErrors.methodNotAllowed();
  }

  const sid = instance?.[2] ?? '';
  const record = ctx.store.get(sid);
  if (method !== 'GET' && method !== 'POST' && method !== 'DELETE') throw twilioErrors.methodNotAllowed();
  if (!record) throw twilioErrors.notFound(url.pathname);
  if (method === 'GET') return { status: 200, body: toTwilioMessageJson(record, ctx.accountSid) };
  if (method === 'POST') return updateMessage(ctx, sid, await readForm(req));
  ctx.store.delete(sid);
  ctx.callbacks.forget(sid);
  return { status: 204 };
}

function createMessage(ctx: SimulatorContext, form: URLSearchParams): ApiResult {
  const record = buildOutboundMessage(form, ctx);
  ctx.store.add(record);
  ctx.lifecycle.start(record, deliveryOutcomeFor(ctx.faults.deliveryFailureFor(record.to)));
  ctx.logger.info(`message ${record.sid} created (${record.status})`);
  return { status: 201, body: toTwilioMessageJson(record, ctx.accountSid) };
}

/**
 * `Status=canceled` only applies to scheduled messages, which the simulator never has, so it is
 * refused with 30409 as Twilio does past `scheduled`. `Body=` (empty) redacts the body.
 */
function updateMessage(ctx: SimulatorContext, sid: string, form: URLSearchParams): ApiResult {
  const status = form.get('Status');
  if (status !== null) throw status === 'canceled' ? twilioErrors.cannotCancel() : twilioErrors.invalidUpdateStatus(status);
  const body = form.get('Body');
  if (body !== null && body !== '') throw twilioErrors.invalidParameter('Body', 'only an empty Body (redaction) is accepted');
  const record = body === '' ? ctx.store.update(sid, { body: '' }) : ctx.store.get(sid);
  if (!record) throw twilioErrors.notFound(sid);
  return { status: 200, body: toTwilioMessageJson(record, ctx.accountSid) };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}

/** HTTP Basic with the account SID and auth token, compared in constant time. */
function hasValidCredentials(req: IncomingMessage, ctx: SimulatorContext): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator === -1) return false;
  return sameText(decoded.slice(0, separator), ctx.accountSid) && sameText(decoded.slice(separator + 1), ctx.authToken);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function toTwilioApiError(error: unknown): TwilioApiError {
  if (error instanceof TwilioApiError) return error;
  if (error instanceof BodyTooLargeError) return twilioErrors.payloadTooLarge();
  return twilioErrors.internal();
}
