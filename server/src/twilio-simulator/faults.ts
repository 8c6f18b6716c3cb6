import { z } from 'zod';
import { isE164 } from './phone-numbers';

export const API_FAULT_KINDS = ['500', '429', 'hang', 'hang-after-create'] as const;
export type ApiFaultKind = (typeof API_FAULT_KINDS)[number];

export interface FaultSettings {
  /** Patient number -> Twilio delivery error code (e.g. 30003); applies to every later send. */
  deliveryFailures: Record<string, number>;
  /** The next `count` REST calls fail this way, then the API behaves again. */
  nextApiCalls: { count: number; kind: ApiFaultKind } | null;
  callbacks: {
    /** Every status callback is sent twice, as a Twilio retry would. */
    duplicate: boolean;
    /** Each message's callbacks are held until its final status, then sent newest first. */
    shuffle: boolean;
    /** Status callbacks are never delivered, as when the app's endpoint was down (Twilio does not retry). */
    drop: boolean;
  };
}

/** Merge semantics: omitted keys keep their value; a delivery failure set to null is removed. */
export const faultPatchSchema = z
  .object({
    deliveryFailures: z
      .record(
        z.string().refine(isE164, { message: 'keys must be E.164 phone numbers' }),
        z.number().int().min(1).nullable(),
      )
      .optional(),
    nextApiCalls: z
      .object({ count: z.number().int().min(0).max(10_000), kind: z.enum(API_FAULT_KINDS) })
      .strict()
      .nullable()
      .optional(),
    callbacks: z.object({ duplicate: z.boolean().optional(), shuffle: z.boolean().optional(), drop: z.boolean().optional() }).strict().optional(),
  })
  .strict();

export type FaultPatch = z.infer<typeof faultPatchSchema>;

export class FaultState {
  private settings: FaultSettings = FaultState.none();

  private static none(): FaultSettings {
    return { deliveryFailures: {}, nextApiCalls: null, callbacks: { duplicate: false, shuffle: false, drop: false } };
  }

  merge(patch: FaultPatch): FaultSettings {
    const next = this.snapshot();
    for (const [number, code] of Object.entries(patch.deliveryFailures ?? {})) {
      if (code === null) delete next.deliveryFailures[number];
      else next.deliveryFailures[number] = code;
    }
    if (patch.nextApiCalls !== undefined) {
      next.nextApiCalls = patch.nextApiCalls && patch.nextApiCalls.count > 0 ? { ...patch.nextApiCalls } : null;
    }
    next.callbacks = { ...next.callbacks, ...patch.callbacks };
    this.settings = next;
    return this.snapshot();
  }

  clear(): void {
    this.settings = FaultState.none();
  }

  snapshot(): FaultSettings {
    return {
      deliveryFailures: { ...this.settings.deliveryFailures },
      nextApiCalls: this.settings.nextApiCalls ? { ...this.settings.nextApiCalls } : null,
      callbacks: { ...this.settings.callbacks },
    };
  }

  /** Consumes one pending REST fault, if any. */
  takeApiFault(): ApiFaultKind | null {
    const pending = this.settings.nextApiCalls;
    if (!pending) return null;
    this.settings.nextApiCalls = pending.count > 1 ? { ...pending, count: pending.count - 1 } : null;
    return pending.kind;
  }

  deliveryFailureFor(to: string): number | null {
    return this.settings.deliveryFailures[to] ?? null;
  }

  get callbacks(): Readonly<FaultSettings['callbacks']> {
    return this.settings.callbacks;
  }
}
