import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControlRequest } from './control-routes';
import { SIMULATOR_ACCOUNT_SID, SIMULATOR_AUTH_TOKEN } from './credentials';
import { FaultState, type FaultPatch, type FaultSettings } from './faults';
import { sendJson } from './http-io';
import { receiveInbound } from './inbound';
import { MessageLifecycle } from './lifecycle';
import { errorMessage, SILENT_LOGGER } from './logging';
import { messagesPath } from './message-resource';
import { MessageStore, toSimulatedMessage } from './message-store';
import { handleTwilioApiRequest } from './messages-api';
import { OptOutRegistry } from './opt-out';
import { NumberDirectory } from './phone-numbers';
import type { SimulatorContext } from './simulator-context';
import type {
  InboundSmsInput,
  InboundSmsResult,
  MessageFilter,
  SimulatedMessage,
  TwilioSimulator,
  TwilioSimulatorOptions,
} from './simulator-types';
import { StatusCallbackDispatcher } from './status-callbacks';
import { TaskTracker } from './task-tracker';
import { WebhookClient } from './webhook-client';

export const DEFAULT_SIMULATOR_PORT = 3001;
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_STEP_MS = 300;
const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;

export function createTwilioSimulator(options: TwilioSimulatorOptions = {}): TwilioSimulator {
  return new TwilioSimulatorServer(options);
}

type ServerState = 'new' | 'listening' | 'closed';

class TwilioSimulatorServer implements TwilioSimulator {
  readonly accountSid: string;
  readonly authToken: string;
  private readonly ctx: SimulatorContext;
  private readonly server: Server;
  private readonly host: string;
  private readonly port: number;
  private state: ServerState = 'new';
  private boundPort: number | null = null;

  constructor(options: TwilioSimulatorOptions) {
    this.accountSid = options.accountSid ?? SIMULATOR_ACCOUNT_SID;
    this.authToken = options.authToken ?? SIMULATOR_AUTH_TOKEN;
    this.host = options.host ?? DEFAULT_HOST;
    this.port = options.port ?? DEFAULT_SIMULATOR_PORT;
    const stepMs = options.timing?.stepMs ?? DEFAULT_STEP_MS;
    assertOptions(this.accountSid, this.authToken, this.port, stepMs);

    const logger = options.logger ?? SILENT_LOGGER;
    const numbers = new NumberDirectory(options.ownedNumbers ?? [], options.messagingServices ?? []);
    const store = new MessageStore();
    const faults = new FaultState();
    const tasks = new TaskTracker((error) => logger.error(`lifecycle step failed: ${errorMessage(error)}`));
    const webhooks = new WebhookClient(this.authToken);
    const callbacks = new StatusCallbackDispatcher(this.accountSid, webhooks, faults, tasks, logger);
    this.ctx = {
      accountSid: this.accountSid,
      authToken: this.authToken,
      store,
      numbers,
      optOuts: new OptOutRegistry(),
      faults,
      lifecycle: new MessageLifecycle(store, numbers, callbacks, tasks, stepMs, logger),
      callbacks,
      tasks,
      webhooks,
      logger,
      inboundWebhookUrl: options.inboundWebhookUrl === undefined ? null : checkedUrl(options.inboundWebhookUrl),
    };
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  get url(): string {
    const port = this.boundPort ?? this.port;
    if (port === 0) throw new Error('Twilio simulator: the URL is known once start() has picked a port');
    return `http://${urlHost(this.host)}:${port}`;
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`Twilio simulator: cannot start, it is ${this.state}`);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
    this.state = 'listening';
    this.ctx.logger.info(`Twilio simulator listening on ${this.url}`);
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasListening = this.state === 'listening';
    this.state = 'closed';
    this.ctx.tasks.stop();
    this.ctx.callbacks.forget();
    this.ctx.webhooks.abortAll();
    if (!wasListening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Also ends keep-alive sockets and requests a 'hang' fault left unanswered.
      this.server.closeAllConnections();
    });
    this.ctx.logger.info('Twilio simulator stopped');
  }

  setOwnedNumbers(numbers: string[]): void {
    this.ctx.numbers.setOwned(numbers);
  }

  ownedNumbers(): string[] {
    return this.ctx.numbers.ownedNumbers();
  }

  setInboundWebhookUrl(url: string): void {
    this.ctx.inboundWebhookUrl = checkedUrl(url);
  }

  sendInbound(input: InboundSmsInput): Promise<InboundSmsResult> {
    if (this.state === 'closed') return Promise.reject(new Error('Twilio simulator is closed'));
    const work = receiveInbound(this.ctx, input);
    this.ctx.tasks.track(work);
    return work;
  }

  messages(filter?: MessageFilter): SimulatedMessage[] {
    return this.ctx.store.find(filter).map(toSimulatedMessage);
  }

  sentMessages(): SimulatedMessage[] {
    return this.messages({ direction: 'outbound-api' });
  }

  message(sid: string): SimulatedMessage | undefined {
    const record = this.ctx.store.get(sid);
    return record ? toSimulatedMessage(record) : undefined;
  }

  setFaults(patch: FaultPatch): FaultSettings {
    return this.ctx.faults.merge(patch);
  }

  clearFaults(): void {
    this.ctx.faults.clear();
  }

  faults(): FaultSettings {
    return this.ctx.faults.snapshot();
  }

  reset(): void {
    this.ctx.tasks.cancelTimers();
    this.ctx.callbacks.forget();
    this.ctx.store.clear();
    this.ctx.faults.clear();
    this.ctx.optOuts.clear();
  }

  idle(): Promise<void> {
    return this.ctx.tasks.idle();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    try {
      if (url.pathname.startsWith('/2010-04-01/')) {
        await handleTwilioApiRequest(this.ctx, req, res, url);
      } else if (url.pathname === '/sim' || url.pathname.startsWith('/sim/')) {
        await handleControlRequest(this, req, res, url, this.ctx.logger);
      } else if (url.pathname === '/' && req.method === 'GET') {
        sendJson(res, 200, this.describe());
      } else {
        sendJson(res, 404, { error: 'not_found', message: `No route ${req.method ?? ''} ${url.pathname}` });
      }
    } catch (error) {
      this.ctx.logger.error(`request ${url.pathname} failed: ${errorMessage(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error', message: errorMessage(error) });
    }
  }

  /** What a curious newcomer sees at the root URL; the token is left out on purpose. */
  private describe(): unknown {
    return {
      name: 'twilio-simulator',
      accountSid: this.accountSid,
      messagesApi: messagesPath(this.accountSid),
      inboundWebhookUrl: this.ctx.inboundWebhookUrl,
      ownedNumbers: this.ownedNumbers(),
      control: [
        'POST /sim/inbound',
        'GET /sim/messages',
        'GET|POST|DELETE /sim/faults',
        'GET|POST /sim/numbers',
        'POST /sim/reset',
      ],
    };
  }
}

function assertOptions(accountSid: string, authToken: string, port: number, stepMs: number): void {
  if (!ACCOUNT_SID_PATTERN.test(accountSid)) throw new Error('Twilio simulator: accountSid must be AC followed by 32 hex digits');
  if (authToken === '') throw new Error('Twilio simulator: authToken must not be empty');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Twilio simulator: invalid port ${port}`);
  if (!Number.isFinite(stepMs) || stepMs < 0) throw new Error(`Twilio simulator: invalid timing.stepMs ${stepMs}`);
}

function checkedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new Error(`Twilio simulator: "${url}" is not an http(s) URL`);
}

/** A wildcard bind address is not something a client can connect to. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
