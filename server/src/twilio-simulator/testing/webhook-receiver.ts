import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, decoded the way a webhook handler would see it. */
export interface ReceivedWebhook {
  /** The full URL the request was sent to, as Twilio signs it. */
  url: string;
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  rawBody: string;
}

interface CannedResponse {
  status: number;
  contentType: string;
  body: string;
}

/**
 * A tiny stand-in for the app's webhook endpoints, for simulator tests: records every request
 * and answers with a configurable status (default 200 with empty TwiML).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private response: CannedResponse = { status: 200, contentType: 'text/xml', body: '<Response></Response>' };
  private listeners: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        receiver?.record({
          url: `${receiver.baseUrl}${req.url ?? '/'}`,
          path: new URL(req.url ?? '/', receiver.baseUrl).pathname,
          method: req.method ?? '',
          headers: req.headers,
          params: Object.fromEntries(new URLSearchParams(rawBody)),
          rawBody,
        });
        const canned = receiver?.response ?? { status: 500, contentType: 'text/plain', body: '' };
        res.writeHead(canned.status, { 'Content-Type': canned.contentType, Connection: 'close' });
        res.end(canned.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}`);
    return receiver;
  }

  url(path: string): string {
    return this.baseUrl + path;
  }

  respondWith(status: number, body = '', contentType = 'text/plain'): void {
    this.response = { status, contentType, body };
  }

  requestsTo(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Waits until `count` requests reached `path` (or fails after `timeoutMs`). */
  async waitForRequests(path: string, count: number, timeoutMs = 5000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requestsTo(path).length < count) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`expected ${count} request(s) to ${path}, got ${this.requestsTo(path).length}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.requestsTo(path);
  }

  clear(): void {
    this.received.length = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private record(request: ReceivedWebhook): void {
    this.received.push(request);
    const listeners = this.listeners;
    this.listeners = [];
    for (const notify of listeners) notify();
  }
}
