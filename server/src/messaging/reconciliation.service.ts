import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { FINAL_STATUSES, isForwardStatus, isMessageStatus, type MessageStatus } from '@care/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Line } from '../lines/line.entity';
import { TwilioGateway, type TwilioListedMessage } from '../twilio/twilio-gateway';
import { WebhookReceipt } from '../twilio/webhook-receipt.entity';
import { DeliveryStatusService } from './delivery-status.service';
import { InboundService } from './inbound.service';
import { Message } from './message.entity';
import { toStorableText } from '../common/plain-text';

/** How far back each run looks. Twilio advises reconciling anything not final after 12 hours. */
export const RECONCILE_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/** Per line and direction, per run: a safety cap on what one run lists. */
const LIST_LIMIT = 1000;
/** One node at a time, across every process on the same database. */
const LOCK_KEY = 'twilio-reconciliation';

export interface ReconciliationResult {
  linesChecked: number;
  /** Inbound texts Twilio has that no webhook brought us; now stored. */
  inboundStored: number;
  /** Final statuses (delivered, undelivered, failed) whose callback we missed; now applied. */
  statusesApplied: number;
}

/**
 * Nothing lost when our webhook fails: Twilio retries a webhook only when it cannot connect (a 5xx
 * or a timeout is not retried), so this lists recent messages per line from Twilio's API and feeds
 * what we missed through the same code paths as the webhooks (InboundService, DeliveryStatusService),
 * whose receipts make every step idempotent: a run twice in a row changes nothing.
 */
@Injectable()
export class ReconciliationService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ReconciliationService');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly twilio: TwilioGateway,
    private readonly inbound: InboundService,
    private readonly deliveryStatus: DeliveryStatusService,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.reconciliation.intervalSeconds;
    if (seconds <= 0) return;
    this.timer = setInterval(() => this.runScheduled(), seconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /**
   * One run, unless another node is running one (then null). Holds a transaction-scoped advisory
   * lock for the duration; the work itself runs in its own transactions.
   */
  async reconcile(options: { since?: Date } = {}): Promise<ReconciliationResult | null> {
    const since = options.since ?? new Date(Date.now() - RECONCILE_LOOKBACK_MS);
    return this.em.fork().transactional(async (tx) => {
      const [row] = await tx.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(hashtext(?)) as locked', [LOCK_KEY]);
      if (!row?.locked) return null;
      return this.run(since);
    });
  }

  private runScheduled(): void {
    if (this.running) return;
    this.running = this.reconcile()
      .then((result) => {
        if (result && (result.inboundStored > 0 || result.statusesApplied > 0)) {
          this.logger.warn(`reconciliation stored ${result.inboundStored} missed inbound message(s) and ${result.statusesApplied} missed status(es)`);
        }
      })
      .catch((error: unknown) => this.logger.error(`reconciliation failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = null;
      });
  }

  private async run(since: Date): Promise<ReconciliationResult> {
    const result: ReconciliationResult = { linesChecked: 0, inboundStored: 0, statusesApplied: 0 };
    // Messaging Service lines without a number of their own cannot be listed by number; their
    // statuses are still covered when the service's numbers are configured as lines.
    const lines = await this.em.fork().find(Line, { number: { $ne: null } }, { orderBy: { createdAt: 'asc' } });
    for (const line of lines) {
      const number = line.number!;
      result.inboundStored += await this.reconcileInbound(number, since);
      result.statusesApplied += await this.reconcileStatuses(number, since);
      result.linesChecked += 1;
    }
    return result;
  }

  private async reconcileInbound(lineNumber: string, since: Date): Promise<number> {
    const listed = (await this.twilio.listMessages({ to: lineNumber, dateSentAfter: since, limit: LIST_LIMIT })).filter((m) => m.direction === 'inbound');
    if (listed.length === 0) return 0;
    const known = await this.em.fork().find(WebhookReceipt, { kind: 'inbound', messageSid: { $in: listed.map((m) => m.sid) } }, { fields: ['messageSid'] });
    const knownSids = new Set(known.map((receipt) => receipt.messageSid));
    let stored = 0;
    // Oldest first, so a STOP then START missed together end in the right consent state.
    for (const missed of listed.filter((m) => !knownSids.has(m.sid)).reverse()) {
      const sms = {
        messageSid: missed.sid,
        from: toStorableText(missed.from ?? ''),
        to: missed.to,
        // As for webhooks: NUL and unpaired surrogates cannot be stored, so they become U+FFFD.
        body: toStorableText(missed.body),
        ...(missed.messagingServiceSid ? { messagingServiceSid: missed.messagingServiceSid } : {}),
        // The list API does not carry media URLs (they are a sub-resource); the text is kept.
        media: [],
      };
      if (await this.inbound.receive(sms, reconciledParams(missed))) stored += 1;
    }
    return stored;
  }

  private async reconcileStatuses(lineNumber: string, since: Date): Promise<number> {
    const listed = (await this.twilio.listMessages({ from: lineNumber, dateSentAfter: since, limit: LIST_LIMIT })).filter(
      (m) => m.direction.startsWith('outbound') && isMessageStatus(m.status) && FINAL_STATUSES.has(m.status),
    );
    if (listed.length === 0) return 0;
    const ours = await this.em.fork().find(Message, { direction: 'outbound', twilioSid: { $in: listed.map((m) => m.sid) } }, { fields: ['twilioSid', 'status'] });
    const ourStatus = new Map(ours.map((message) => [message.twilioSid!, message.status]));
    let applied = 0;
    for (const final of listed) {
      const current = ourStatus.get(final.sid);
      const status = final.status as MessageStatus;
      if (!current || !isForwardStatus(current, status)) continue;
      const stored = await this.deliveryStatus.applyCallback({ messageSid: final.sid, status, errorCode: final.errorCode }, reconciledParams(final), 'reconciliation');
      if (stored) applied += 1;
    }
    return applied;
  }
}

/** What the receipt keeps for a message found by reconciliation (no webhook parameters exist). */
function reconciledParams(message: TwilioListedMessage): Record<string, string> {
  return {
    MessageSid: message.sid,
    MessageStatus: message.status,
    ...(message.errorCode ? { ErrorCode: String(message.errorCode) } : {}),
    From: message.from ?? '',
    To: message.to,
    NumMedia: String(message.numMedia),
    Source: 'reconciliation',
  };
}
