import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';

export interface SendSlot {
  /** The reserved moment (database clock). */
  at: Date;
  /** How long from now until `at` (negative when it has passed). */
  waitMs: number;
}

/**
 * Per-line send rate shared by every process: `line_send_slot.next_at` is the line's next free
 * moment. Reserving takes max(now, next_at) and moves next_at on by 1/mps seconds in one atomic
 * upsert (the row lock serialises concurrent reservations), so two processes together never
 * exceed the line's messages per second, and a burst waits in line instead of being refused.
 * Times come from the database clock; callers only ever see durations.
 */
/**
 * Slots are spaced a little wider than 1/mps so the few milliseconds of jitter between taking a
 * slot and the request reaching Twilio never push a line over its rate.
 */
export const SPACING_MARGIN = 0.03;

@Injectable()
export class LineSendSlots {
  constructor(private readonly em: EntityManager) {}

  async reserve(lineId: string, mps: number): Promise<SendSlot> {
    const spacing = (1 / Math.max(mps, 0.001)) * (1 + SPACING_MARGIN);
    const [row] = await this.em.getConnection().execute<{ at: Date; wait_ms: string | number }[]>(
      `insert into line_send_slot as s (line_id, next_at) values (?, clock_timestamp() + make_interval(secs => ?::double precision))
       on conflict (line_id) do update set next_at = greatest(s.next_at, clock_timestamp()) + make_interval(secs => ?::double precision)
       returning s.next_at - make_interval(secs => ?::double precision) as at,
         extract(epoch from (s.next_at - make_interval(secs => ?::double precision) - clock_timestamp())) * 1000 as wait_ms`,
      [lineId, spacing, spacing, spacing, spacing],
    );
    return { at: new Date(row.at), waitMs: Number(row.wait_ms) };
  }

  /** How long from now until a slot reserved earlier. */
  async waitFor(at: Date): Promise<number> {
    const [row] = await this.em.getConnection().execute<{ wait_ms: string | number }[]>(
      `select extract(epoch from (?::timestamptz - clock_timestamp())) * 1000 as wait_ms`,
      [at.toISOString()],
    );
    return Number(row.wait_ms);
  }
}
