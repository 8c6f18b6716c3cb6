import { randomBytes } from 'node:crypto';

/** Twilio resource prefixes the simulator mints: SMS, MMS, request ids. */
export type SidPrefix = 'SM' | 'MM' | 'RQ';

/** A Twilio-shaped SID: two-letter prefix plus 32 lowercase hex digits (34 characters). */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}

export const MESSAGE_SID_PATTERN = /^(SM|MM)[0-9a-fA-F]{32}$/;
export const MESSAGING_SERVICE_SID_PATTERN = /^MG[0-9a-fA-F]{32}$/;
