import { classifyKeyword, DEFAULT_KEYWORD_REPLIES, MAX_BODY_LENGTH, type KeywordKind } from '@care/shared';
import { z } from 'zod';
import { API_VERSION } from './credentials';
import { MAX_MEDIA_URLS } from './create-message';
import { deliveryOutcomeFor, segmentsFor } from './lifecycle';
import { isE164 } from './phone-numbers';
import { newSid } from './sid';
import type { SimulatorContext } from './simulator-context';
import type { InboundSmsInput, InboundSmsResult, MessageRecord } from './simulator-types';
import { describeUrl, errorMessage } from './logging';

/** The "patient" sent something Twilio would not accept; nothing was stored. */
export class InboundValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InboundValidationError';
  }
}

/** The message was received (and stored, opt-outs applied) but the app's webhook could not be reached. */
export class InboundWebhookError extends Error {
  constructor(
    message: string,
    readonly sid: string,
  ) {
    super(message);
    this.name = 'InboundWebhookError';
  }
}

export const inboundSmsSchema = z
  .object({
    from: z.string().refine(isE164, { message: 'must be an E.164 phone number, e.g. +16175550123' }),
    to: z.string().refine(isE164, { message: 'must be an E.164 phone number, e.g. +16175550100' }),
    body: z.string().max(MAX_BODY_LENGTH),
    mediaUrls: z.array(z.url({ protocol: /^https?$/ })).max(MAX_MEDIA_URLS).optional(),
  })
  .strict()
  .refine((input) => input.body !== '' || (input.mediaUrls?.length ?? 0) > 0, {
    message: 'an inbound message needs a body or at least one media URL',
  });

/**
 * A patient texts one of the account's lines: store it, apply Twilio's keyword handling (opt-out,
 * opt-in, help with the standard auto-reply), then POST the signed webhook Twilio would send
 * (twilio-facts §3.2, §5).
 */
export async function receiveInbound(ctx: SimulatorContext, input: InboundSmsInput): Promise<InboundSmsResult> {
  const parsed = inboundSmsSchema.safeParse(input);
  if (!parsed.success) throw new InboundValidationError(z.prettifyError(parsed.error));
  const { from, to, body } = parsed.data;
  const mediaUrls = parsed.data.mediaUrls ?? [];
  if (!ctx.numbers.owns(to)) throw new InboundValidationError(`"to" is not a number this account owns`);

  const service = ctx.numbers.serviceOf(to);
  const now = new Date();
  const record: MessageRecord = {
    sid: newSid(mediaUrls.length > 0 ? 'MM' : 'SM'),
    direction: 'inbound',
    from,
    to,
    body,
    mediaUrls,
    status: 'received',
    errorCode: null,
    errorMessage: null,
    messagingServiceSid: service?.sid ?? null,
    numSegments: Math.max(1, segmentsFor(body, mediaUrls.length > 0)),
    statusCallback: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: now,
  };
  ctx.store.add(record);

  const keyword = classifyKeyword(body);
  if (keyword) {
    // Twilio records the block even when no webhook is configured, and answers the patient itself.
    ctx.optOuts.apply(keyword, from, ctx.numbers.optOutScope(to));
    sendKeywordReply(ctx, record, keyword);
  }
  ctx.logger.info(`inbound message ${record.sid} received${keyword ? ` (keyword ${keyword})` : ''}`);

  const webhookUrl = ctx.inboundWebhookUrl;
  if (!webhookUrl) throw new InboundWebhookError('no inbound webhook URL is configured', record.sid);
  try {
    const response = await ctx.webhooks.post(webhookUrl, inboundWebhookParams(record, ctx.accountSid, keyword));
    if (response.status >= 400) ctx.logger.warn(`inbound webhook for ${record.sid} answered HTTP ${response.status}`);
    return { sid: record.sid, webhookStatus: response.status };
  } catch (error) {
    ctx.logger.warn(`inbound webhook ${describeUrl(webhookUrl)} for ${record.sid} failed: ${errorMessage(error)}`);
    throw new InboundWebhookError(`the inbound webhook could not be reached: ${errorMessage(error)}`, record.sid);
  }
}

/** Parameters of Twilio's incoming-message webhook, with the empty geo keys real payloads carry. */
export function inboundWebhookParams(
  record: MessageRecord,
  accountSid: string,
  keyword: KeywordKind | null,
): Record<string, string> {
  const params: Record<string, string> = {
    ToCountry: '',
    ToState: '',
    SmsMessageSid: record.sid,
    NumMedia: String(record.mediaUrls.length),
    ToCity: '',
    FromZip: '',
    SmsSid: record.sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: record.body,
    FromCountry: '',
    To: record.to,
    ToZip: '',
    NumSegments: String(record.numSegments),
    MessageSid: record.sid,
    AccountSid: accountSid,
    From: record.from ?? '',
    ApiVersion: API_VERSION,
  };
  if (record.messagingServiceSid) params.MessagingServiceSid = record.messagingServiceSid;
  // Twilio adds OptOutType only with Advanced Opt-Out on; the simulator behaves as if it were.
  if (keyword) params.OptOutType = keyword;
  record.mediaUrls.forEach((url, index) => {
    params[`MediaContentType${index}`] = guessContentType(url);
    params[`MediaUrl${index}`] = url;
  });
  return params;
}

/** Twilio's automatic STOP/START/HELP answer, logged as an `outbound-reply` without status callbacks. */
function sendKeywordReply(ctx: SimulatorContext, inbound: MessageRecord, keyword: KeywordKind): void {
  const body = DEFAULT_KEYWORD_REPLIES[keyword];
  const now = new Date();
  const reply: MessageRecord = {
    sid: newSid('SM'),
    direction: 'outbound-reply',
    from: inbound.to,
    to: inbound.from ?? '',
    body,
    mediaUrls: [],
    status: 'queued',
    errorCode: null,
    errorMessage: null,
    messagingServiceSid: inbound.messagingServiceSid,
    numSegments: segmentsFor(body, false),
    statusCallback: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: null,
  };
  ctx.store.add(reply);
  ctx.lifecycle.start(reply, deliveryOutcomeFor(ctx.faults.deliveryFailureFor(reply.to)));
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  vcf: 'text/vcard',
  txt: 'text/plain',
};

/** The simulator does not download media, so the type comes from the file extension. */
function guessContentType(url: string): string {
  const extension = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
