import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { computeTwilioSignature, withoutFragment } from './signature';

export interface WebhookResponse {
  status: number;
  contentType: string | undefined;
  /** At most {@link MAX_RESPONSE_BYTES}; enough for any TwiML Twilio would accept (64 kB). */
  body: string;
}

/** The request could not be completed (refused, reset, timed out, aborted). */
export class WebhookUnreachableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WebhookUnreachableError';
  }
}

const MAX_RESPONSE_BYTES = 64 * 1024;
/** Twilio's default total time budget for a webhook request (twilio-facts §3.3). */
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Posts form-encoded, signed requests the way Twilio's webhook proxy does (twilio-facts §3, §4).
 * Each request uses its own connection (no keep-alive agent) so nothing lingers after close().
 */
export class WebhookClient {
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly authToken: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  async post(url: string, params: Record<string, string>, idempotencyToken: string = randomUUID()): Promise<WebhookResponse> {
    const signedUrl = withoutFragment(url);
    const target = new URL(signedUrl);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new WebhookUnreachableError(`unsupported protocol ${target.protocol}`);
    }
    const payload = new URLSearchParams(params).toString();
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': Buffer.byteLength(payload),
      'X-Twilio-Signature': computeTwilioSignature(this.authToken, signedUrl, params),
      'I-Twilio-Idempotency-Token': idempotencyToken,
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
    };

    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      return await new Promise<WebhookResponse>((resolve, reject) => {
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        const req = send(target, { method: 'POST', headers, agent: false, signal: controller.signal }, (res) => {
          readLimited(res).then(
            (body) => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body }),
            (error: Error) => reject(new WebhookUnreachableError(error.message)),
          );
        });
        req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
        req.on('error', (error) => reject(new WebhookUnreachableError(error.message)));
        req.end(payload);
      });
    } finally {
      this.inFlight.delete(controller);
    }
  }

  /** Aborts every request still waiting for an answer (close()). */
  abortAll(): void {
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }
}

function readLimited(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size >= MAX_RESPONSE_BYTES) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    res.on('end', () => resolve(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8')));
    res.on('error', reject);
  });
}
