import type { IncomingMessage } from 'node:http';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Which browser origins may open a socket: the product's own (PUBLIC_BASE_URL). When that is a
 * loopback address (development), any loopback origin is allowed, so the Vite dev server works.
 * Requests without an Origin header come from non-browser clients and are judged by their token.
 */
export function socketOriginCheck(publicBaseUrl: string): (request: IncomingMessage, callback: (error: string | null | undefined, allowed: boolean) => void) => void {
  const own = new URL(publicBaseUrl);
  const devLoopback = LOOPBACK.has(own.hostname);
  return (request, callback) => {
    const origin = request.headers.origin;
    if (!origin) return callback(null, true);
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return callback('bad origin', false);
    }
    const allowed = parsed.origin === own.origin || (devLoopback && LOOPBACK.has(parsed.hostname));
    callback(allowed ? null : 'origin not allowed', allowed);
  };
}
