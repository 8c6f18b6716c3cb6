import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { MikroORM } from '@mikro-orm/core';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { MessagingEvents, type MessageAcceptedEvent, type MessageReceivedEvent, type MessageStatusChangedEvent } from '../messaging/messaging.events';
import { SocketServerRef } from '../realtime/socket-server.ref';
import { EVENTS_COMMITTED, type CommittedEvent } from '../realtime/event-log.service';

/** How long we remember when a message was accepted, to time accept → sent → delivered. */
const ACCEPT_TIMES_LIMIT = 10_000;

interface KnexPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * Prometheus metrics for operators. Counts come from HTTP traffic and the messaging domain
 * events, gauges are read when scraped. Labels never carry PHI (routes, codes, statuses only).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly acceptedAt = new Map<string, number>();

  readonly httpRequests = new Counter({ name: 'care_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  readonly httpDuration = new Histogram({
    name: 'care_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly webhooks = new Counter({ name: 'care_twilio_webhooks_total', help: 'Twilio webhooks by kind and outcome', labelNames: ['kind', 'outcome'], registers: [this.registry] });
  readonly signatureFailures = new Counter({ name: 'care_twilio_signature_failures_total', help: 'Webhooks refused for a missing or wrong X-Twilio-Signature', registers: [this.registry] });
  private readonly messagesAccepted = new Counter({ name: 'care_messages_accepted_total', help: 'Outbound messages accepted from users', registers: [this.registry] });
  private readonly messagesReceived = new Counter({ name: 'care_messages_received_total', help: 'Inbound messages stored', registers: [this.registry] });
  private readonly statusChanges = new Counter({ name: 'care_message_status_total', help: 'Outbound status changes', labelNames: ['status'], registers: [this.registry] });
  private readonly failures = new Counter({ name: 'care_message_failures_total', help: 'Failed or undelivered messages by Twilio error code', labelNames: ['code'], registers: [this.registry] });
  private readonly acceptToSent = new Histogram({
    name: 'care_send_latency_seconds',
    help: 'From accepting a message to Twilio reporting it sent',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly pushDelay = new Histogram({
    name: 'care_event_push_delay_seconds',
    help: 'From an event being written (inside its transaction) to its fan-out to Socket.IO rooms',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  private readonly acceptToDelivered = new Histogram({
    name: 'care_delivery_latency_seconds',
    help: 'From accepting a message to Twilio reporting it delivered',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  constructor(
    private readonly sockets: SocketServerRef,
    private readonly orm: MikroORM,
  ) {
    // Includes the event-loop lag, heap and GC metrics.
    collectDefaultMetrics({ register: this.registry, prefix: 'care_' });
    const readSockets = (): number => this.sockets.get()?.engine.clientsCount ?? 0;
    const readPool = (): KnexPool | null => this.knexPool();
    // Gauges are read when Prometheus scrapes.
    new Gauge({
      name: 'care_connected_sockets',
      help: 'Socket.IO clients connected to this process',
      registers: [this.registry],
      collect() {
        this.set(readSockets());
      },
    });
    const readQueue = (): Promise<{ line_id: string; status: string; n: string; oldest_seconds: string | null }[]> =>
      this.orm.em.fork().getConnection().execute(
        `select line_id, status, count(*) as n, extract(epoch from now() - min(created_at)) as oldest_seconds
         from message where direction = 'outbound' and status in ('queued', 'scheduled') group by line_id, status`,
      );
    // One query per scrape feeds both queue gauges (prom-client collects all metrics concurrently).
    let snapshot: { at: number; rows: ReturnType<typeof readQueue> } | null = null;
    const queueRows = (): ReturnType<typeof readQueue> => {
      if (!snapshot || Date.now() - snapshot.at > 1000) snapshot = { at: Date.now(), rows: readQueue().catch(() => []) };
      return snapshot.rows;
    };
    new Gauge({
      name: 'care_outbound_queue_depth',
      help: 'Outbound texts waiting to go, by line and status (queued, or scheduled for later)',
      labelNames: ['line', 'status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await queueRows()) this.set({ line: row.line_id, status: row.status }, Number(row.n));
      },
    });
    new Gauge({
      name: 'care_outbound_queue_oldest_seconds',
      help: 'Age of the oldest queued outbound text per line (scheduled ones excluded)',
      labelNames: ['line'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await queueRows()) if (row.status === 'queued') this.set({ line: row.line_id }, Number(row.oldest_seconds ?? 0));
      },
    });
    const readRetries = async (): Promise<number> =>
      Number((await this.orm.em.fork().getConnection().execute<{ n: string }[]>(`select coalesce(sum(greatest(send_attempts - 1, 0)), 0) as n from message`))[0]?.n ?? 0);
    new Gauge({
      name: 'care_outbound_send_retries',
      help: 'Twilio calls beyond the first, summed over all outbound texts (429, 5xx, timeouts)',
      registers: [this.registry],
      async collect() {
        this.set(await readRetries().catch(() => 0));
      },
    });
    new Gauge({
      name: 'care_db_pool_connections',
      help: 'Database pool connections by state (waiting = requests queued for a connection)',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const pool = readPool();
        if (!pool) return;
        this.set({ state: 'used' }, pool.numUsed());
        this.set({ state: 'free' }, pool.numFree());
        this.set({ state: 'waiting' }, pool.numPendingAcquires());
      },
    });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  @OnEvent(MessagingEvents.sent)
  onAccepted(event: MessageAcceptedEvent): void {
    this.messagesAccepted.inc();
    if (this.acceptedAt.size >= ACCEPT_TIMES_LIMIT) this.acceptedAt.delete(this.acceptedAt.keys().next().value as string);
    this.acceptedAt.set(event.messageId, Date.now());
  }

  @OnEvent(EVENTS_COMMITTED)
  onEventsPushed(events: CommittedEvent[]): void {
    const now = Date.now();
    for (const { envelope } of events) this.pushDelay.observe(Math.max(0, now - Date.parse(envelope.at)) / 1000);
  }

  @OnEvent(MessagingEvents.received)
  onReceived(_event: MessageReceivedEvent): void {
    this.messagesReceived.inc();
  }

  @OnEvent(MessagingEvents.statusChanged)
  onStatus(event: MessageStatusChangedEvent): void {
    this.statusChanges.inc({ status: event.status });
    const acceptedAt = this.acceptedAt.get(event.messageId);
    if (event.status === 'sent' && acceptedAt) this.acceptToSent.observe((Date.now() - acceptedAt) / 1000);
    if (event.status === 'delivered' && acceptedAt) this.acceptToDelivered.observe((Date.now() - acceptedAt) / 1000);
    if (event.status === 'failed' || event.status === 'undelivered') this.failures.inc({ code: String(event.errorCode ?? 'none') });
    if (['delivered', 'failed', 'undelivered', 'canceled'].includes(event.status)) this.acceptedAt.delete(event.messageId);
  }

  private knexPool(): KnexPool | null {
    try {
      const connection = this.orm.em.getConnection() as unknown as { getKnex(): { client: { pool?: KnexPool } } };
      return connection.getKnex().client.pool ?? null;
    } catch {
      return null;
    }
  }
}
