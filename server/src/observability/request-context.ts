import type { Bindings } from 'pino';

/**
 * The request id of the work in progress, read from the bindings of the context logger
 * (nestjs-pino): pino-http binds `req: {id}` for HTTP requests; socket calls and jobs bind
 * `requestId` themselves (see RequestContext usages). Carried into jobs so one id follows a text
 * from the nurse's click to Twilio's answer in the logs.
 */
export function requestIdOf(bindings: Bindings): string | null {
  const fromJob = bindings.requestId;
  if (typeof fromJob === 'string' && fromJob.length > 0) return fromJob;
  const fromHttp = (bindings.req as { id?: unknown } | undefined)?.id;
  return typeof fromHttp === 'string' && fromHttp.length > 0 ? fromHttp : null;
}
