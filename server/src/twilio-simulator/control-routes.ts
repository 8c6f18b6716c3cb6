import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { faultPatchSchema } from './faults';
import { BodyTooLargeError, readBody, sendJson } from './http-io';
import { InboundValidationError, InboundWebhookError, inboundSmsSchema } from './inbound';
import { errorMessage } from './logging';
import { isE164 } from './phone-numbers';
import type { DirectionFilter, MessageFilter, SimulatorLogger, TwilioSimulator } from './simulator-types';

/** The control API's error body (not Twilio's: this side is the simulator's own). */
export interface ControlErrorBody {
  error: string;
  message: string;
  sid?: string;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly sid?: string,
  ) {
    super(message);
  }
}

interface ControlResult {
  status: number;
  body: unknown;
}

type ControlHandler = (sim: TwilioSimulator, body: unknown, query: URLSearchParams) => Promise<ControlResult> | ControlResult;
type ControlMethod = 'GET' | 'POST' | 'DELETE';

const numbersSchema = z.object({ numbers: z.array(z.string().refine(isE164, { message: 'must be E.164' })) }).strict();
const DIRECTION_FILTERS: readonly DirectionFilter[] = ['inbound', 'outbound', 'outbound-api', 'outbound-reply'];

const ok = (body: unknown): ControlResult => ({ status: 200, body });

const CONTROL_ROUTES: Readonly<Record<string, Partial<Record<ControlMethod, ControlHandler>>>> = {
  '/sim/inbound': {
    POST: async (sim, body) => ok(await sim.sendInbound(parseWith(inboundSmsSchema, body))),
  },
  '/sim/messages': {
    GET: (sim, _body, query) => ok({ messages: sim.messages(messageFilter(query)) }),
  },
  '/sim/faults': {
    GET: (sim) => ok(sim.faults()),
    POST: (sim, body) => ok(sim.setFaults(parseWith(faultPatchSchema, body))),
    DELETE: (sim) => {
      sim.clearFaults();
      return ok(sim.faults());
    },
  },
  '/sim/numbers': {
    GET: (sim) => ok({ numbers: sim.ownedNumbers() }),
    POST: (sim, body) => {
      sim.setOwnedNumbers(parseWith(numbersSchema, body).numbers);
      return ok({ numbers: sim.ownedNumbers() });
    },
  },
  '/sim/reset': {
    POST: (sim) => {
      sim.reset();
      return ok({ reset: true });
    },
  },
};

/** Everything under `/sim`: JSON in, JSON out, no auth (it is a local test tool). */
export async function handleControlRequest(
  sim: TwilioSimulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  logger: SimulatorLogger,
): Promise<void> {
  try {
    const route = CONTROL_ROUTES[url.pathname.replace(/\/+$/, '')];
    if (!route) throw new ControlError(404, 'not_found', `No simulator route ${url.pathname}`);
    const method = (req.method ?? 'GET') as ControlMethod;
    const handler = route[method];
    if (!handler) {
      res.setHeader('Allow', Object.keys(route).join(', '));
      throw new ControlError(405, 'method_not_allowed', `${req.method ?? ''} is not allowed on ${url.pathname}`);
    }
    const body = method === 'POST' ? await readJson(req) : undefined;
    const result = await handler(sim, body, url.searchParams);
    sendJson(res, result.status, result.body);
  } catch (error) {
    const controlError = toControlError(error);
    // Client mistakes and an unreachable app webhook are answers, not simulator bugs; only log the latter.
    if (controlError.error === 'internal_error') logger.error(`control ${url.pathname} failed: ${errorMessage(error)}`);
    const body: ControlErrorBody = { error: controlError.error, message: controlError.message };
    if (controlError.sid) body.sid = controlError.sid;
    sendJson(res, controlError.status, body);
  }
}

/** An empty body reads as `{}` so that body-less POSTs like /sim/reset need no payload. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ControlError(400, 'invalid_json', `Request body is not valid JSON: ${errorMessage(error)}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ControlError(400, 'invalid_request', z.prettifyError(parsed.error));
  return parsed.data;
}

function messageFilter(query: URLSearchParams): MessageFilter {
  const filter: MessageFilter = {};
  const to = query.get('to');
  const from = query.get('from');
  const direction = query.get('direction');
  if (to !== null) filter.to = to;
  if (from !== null) filter.from = from;
  if (direction !== null) {
    if (!isDirectionFilter(direction)) {
      throw new ControlError(400, 'invalid_request', `direction must be one of ${DIRECTION_FILTERS.join(', ')}`);
    }
    filter.direction = direction;
  }
  return filter;
}

function isDirectionFilter(value: string): value is DirectionFilter {
  return (DIRECTION_FILTERS as readonly string[]).includes(value);
}

function toControlError(error: unknown): ControlError {
  if (error instanceof ControlError) return error;
  if (error instanceof BodyTooLargeError) return new ControlError(413, 'payload_too_large', error.message);
  if (error instanceof InboundValidationError) return new ControlError(400, 'invalid_request', error.message);
  if (error instanceof InboundWebhookError) return new ControlError(502, 'webhook_unreachable', error.message, error.sid);
  return new ControlError(500, 'internal_error', errorMessage(error));
}
