import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { WebhookReceipt, type WebhookKind } from './webhook-receipt.entity';

/** Storage of verified Twilio webhooks; the unique key turns Twilio's retries into no-ops. */
export const WebhookReceipts = {
  /**
   * Stores a receipt; returns its id, or null when the same webhook was already received.
   * `processed`: it is applied in this same transaction (saves a second write on the hot path).
   */
  async insert(
    tx: EntityManager,
    kind: WebhookKind,
    messageSid: string,
    messageStatus: string,
    params: Record<string, string | string[]>,
    options: { processed?: boolean } = {},
  ): Promise<string | null> {
    const id = randomUUID();
    const rows = await tx.execute<{ id: string }[]>(
      `insert into twilio_webhook_receipt (id, created_at, kind, message_sid, message_status, params, processed_at)
       values (?, now(), ?, ?, ?, ?, ${options.processed ? 'now()' : 'null'}) on conflict (kind, message_sid, message_status) do nothing returning id`,
      [id, kind, messageSid, messageStatus, JSON.stringify(params)],
    );
    return rows.length > 0 ? rows[0].id : null;
  },

  pendingStatuses(tx: EntityManager, messageSid: string): Promise<WebhookReceipt[]> {
    return tx.find(WebhookReceipt, { kind: 'status', messageSid, processedAt: null }, { orderBy: { createdAt: 'asc' } });
  },

  markProcessed(tx: EntityManager, id: string): Promise<number> {
    return tx.nativeUpdate(WebhookReceipt, { id }, { processedAt: new Date() });
  },
};
