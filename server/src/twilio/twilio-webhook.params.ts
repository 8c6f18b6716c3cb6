import { BadRequestException } from '@nestjs/common';
import { isMessageStatus, type KeywordKind } from '@care/shared';
import type { InboundMedia, InboundSms } from '../messaging/inbound.service';
import type { StatusCallback } from '../messaging/delivery-status.service';
import { toStorableText } from '../common/plain-text';

export type FormParams = Record<string, string | string[]>;

const SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

function single(params: FormParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

function required(params: FormParams, name: string): string {
  const value = single(params, name);
  if (value === undefined || value === '') throw new BadRequestException(`${name} is required`);
  return value;
}

function messageSid(params: FormParams): string {
  const sid = required(params, 'MessageSid');
  if (!SID.test(sid)) throw new BadRequestException('MessageSid is not a Twilio message SID');
  return sid;
}

/**
 * The webhook's values as we store them: NUL and unpaired surrogates (which PostgreSQL's text and
 * jsonb cannot hold) become U+FFFD. Applied after the signature check, which needs the values as
 * Twilio signed them; Twilio cannot be asked to resend without them, so nothing is refused.
 */
export function storableParams(params: FormParams): FormParams {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [toStorableText(name), Array.isArray(value) ? value.map(toStorableText) : toStorableText(value)]),
  );
}

/** Twilio's inbound-message webhook parameters (twilio-facts §3.2). */
export function parseInboundParams(params: FormParams): InboundSms {
  const numMedia = Number.parseInt(single(params, 'NumMedia') ?? '0', 10);
  const media: InboundMedia[] = [];
  for (let index = 0; index < (Number.isFinite(numMedia) ? Math.min(numMedia, 10) : 0); index += 1) {
    const url = single(params, `MediaUrl${index}`);
    if (url) media.push({ url, contentType: single(params, `MediaContentType${index}`) || null });
  }
  const optOutType = single(params, 'OptOutType');
  return {
    messageSid: messageSid(params),
    from: required(params, 'From'),
    to: required(params, 'To'),
    body: single(params, 'Body') ?? '',
    messagingServiceSid: single(params, 'MessagingServiceSid') || undefined,
    media,
    optOutType: optOutType === 'STOP' || optOutType === 'START' || optOutType === 'HELP' ? (optOutType as KeywordKind) : undefined,
  };
}

/** Twilio's StatusCallback parameters (twilio-facts §3.1). */
export function parseStatusParams(params: FormParams): StatusCallback {
  const status = required(params, 'MessageStatus');
  if (!isMessageStatus(status)) throw new BadRequestException(`MessageStatus '${status}' is not a Twilio message status`);
  const errorCode = Number.parseInt(single(params, 'ErrorCode') ?? '', 10);
  return { messageSid: messageSid(params), status, errorCode: Number.isFinite(errorCode) && errorCode > 0 ? errorCode : null };
}
