import { toE164, type CreateLineRequest } from '@care/shared';

export interface LineForm {
  name: string;
  kind: 'number' | 'service';
  /** As typed: "(617) 555-0100" or "+16175550100". */
  number: string;
  messagingServiceSid: string;
  /** '' = organisation-wide. */
  teamId: string;
  isDefault: boolean;
  /** As typed (a number input bound with `bind:value` gives a number). */
  mps: string | number;
}

export const EMPTY_LINE_FORM: LineForm = { name: '', kind: 'number', number: '', messagingServiceSid: '', teamId: '', isDefault: false, mps: '1' };

const SERVICE_SID = /^MG[0-9a-fA-F]{32}$/u;

/** Checks the form the way the server will, so mistakes show next to the field before saving. */
export function lineRequestFromForm(form: LineForm): { request: CreateLineRequest; errors: null } | { request: null; errors: Partial<Record<keyof LineForm, string>> } {
  const errors: Partial<Record<keyof LineForm, string>> = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Give the line a name, e.g. “Cardiology line”.';
  const request: CreateLineRequest = { name, teamId: form.teamId || null, isDefault: form.isDefault };
  if (form.kind === 'number') {
    const number = toE164(form.number.trim());
    if (!number) errors.number = 'Enter the Twilio phone number, e.g. +1 617 555 0100.';
    else request.number = number;
  } else {
    const sid = form.messagingServiceSid.trim();
    if (!SERVICE_SID.test(sid)) errors.messagingServiceSid = 'A Messaging Service SID is MG followed by 32 hexadecimal characters.';
    else request.messagingServiceSid = sid;
  }
  const rawMps = String(form.mps ?? '').trim();
  const mps = Number(rawMps);
  if (!rawMps || !Number.isFinite(mps) || mps < 0.1 || mps > 1000) errors.mps = 'Messages per second: from 0.1 to 1000 (long code 1, toll-free 3, short code 100).';
  else request.mps = mps;
  return Object.keys(errors).length > 0 ? { request: null, errors } : { request, errors: null };
}
