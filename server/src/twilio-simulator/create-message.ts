import { MAX_BODY_LENGTH } from '@care/shared';
import { segmentsFor } from './lifecycle';
import type { OptOutRegistry } from './opt-out';
import { isE164, isSenderShape, type NumberDirectory } from './phone-numbers';
import { MESSAGING_SERVICE_SID_PATTERN, newSid } from './sid';
import type { MessageRecord } from './simulator-types';
import { twilioErrors } from './twilio-errors';

export const MAX_MEDIA_URLS = 10;

/**
 * Twilio's test-credential magic numbers (twilio-facts §7). The simulator honours them with any
 * credentials so that every error path can be provoked on purpose.
 */
const MAGIC_FROM_ERRORS: Readonly<Record<string, (from: string) => Error>> = {
  '+15005550001': (from) => twilioErrors.invalidFrom(from),
  '+15005550007': (from) => twilioErrors.fromNotOwned(from),
  '+15005550008': () => twilioErrors.queueFull(),
};

const MAGIC_TO_ERRORS: Readonly<Record<string, (to: string, from: string) => Error>> = {
  '+15005550001': (to) => twilioErrors.invalidTo(to),
  '+15005550002': (to, from) => twilioErrors.unreachable(to, from),
  '+15005550003': (to) => twilioErrors.regionNotEnabled(to),
  '+15005550004': () => twilioErrors.unsubscribed(),
  '+15005550009': (to) => twilioErrors.notMobile(to),
};

export interface CreateMessageDeps {
  numbers: NumberDirectory;
  optOuts: OptOutRegistry;
}

/**
 * Validates `POST .../Messages.json` the way Twilio does, in roughly Twilio's order, and builds the
 * new record in its initial status (`queued`, or `accepted` with a Messaging Service).
 * Throws {@link TwilioApiError} with Twilio's code on the first problem.
 */
export function buildOutboundMessage(form: URLSearchParams, deps: CreateMessageDeps): MessageRecord {
  const to = form.get('To') ?? '';
  const from = form.get('From') ?? '';
  const serviceSid = form.get('MessagingServiceSid') ?? '';
  const body = form.get('Body') ?? '';
  const mediaUrls = form.getAll('MediaUrl').filter((url) => url !== '');
  const statusCallback = form.get('StatusCallback') ?? '';

  if (to === '') throw twilioErrors.toRequired();
  if (from === '' && serviceSid === '') throw twilioErrors.fromRequired();
  if (body === '' && mediaUrls.length === 0) throw twilioErrors.bodyRequired();
  if (body.length > MAX_BODY_LENGTH) throw twilioErrors.bodyTooLong();
  if (mediaUrls.length > MAX_MEDIA_URLS) throw twilioErrors.tooManyMedia();
  const badMedia = mediaUrls.find((url) => !isHttpUrl(url));
  if (badMedia !== undefined) throw twilioErrors.invalidMediaUrl(badMedia);
  if (statusCallback !== '' && !isHttpUrl(statusCallback)) throw twilioErrors.invalidStatusCallback(statusCallback);

  const magicFrom = MAGIC_FROM_ERRORS[from];
  if (magicFrom) throw magicFrom(from);
  const magicTo = MAGIC_TO_ERRORS[to];
  if (magicTo) throw magicTo(to, from);
  if (!isE164(to)) throw twilioErrors.invalidTo(to);

  const optOutScope = resolveSender(from, serviceSid, deps.numbers);
  if (deps.optOuts.isBlocked(to, optOutScope)) throw twilioErrors.unsubscribed();

  const isMms = mediaUrls.length > 0 || form.get('SendAsMms') === 'true';
  const viaService = serviceSid !== '';
  const now = new Date();
  return {
    sid: newSid(isMms ? 'MM' : 'SM'),
    direction: 'outbound-api',
    from: from === '' ? null : from,
    to,
    body,
    mediaUrls,
    status: viaService ? 'accepted' : 'queued',
    errorCode: null,
    errorMessage: null,
    messagingServiceSid: viaService ? serviceSid : null,
    // Twilio reports "0" segments until a Messaging Service has picked the sender.
    numSegments: viaService ? 0 : segmentsFor(body, isMms),
    statusCallback: statusCallback === '' ? null : statusCallback,
    dateCreated: now,
    dateUpdated: now,
    dateSent: null,
  };
}

/** Checks the sender and returns the opt-out scope the send falls under. */
function resolveSender(from: string, serviceSid: string, numbers: NumberDirectory): string {
  if (serviceSid !== '') {
    const service = MESSAGING_SERVICE_SID_PATTERN.test(serviceSid) ? numbers.service(serviceSid) : undefined;
    if (!service) throw twilioErrors.serviceNotFound();
    if (from === '' && service.numbers.length === 0) throw twilioErrors.serviceHasNoSender();
    if (from !== '') assertOwnedSender(from, numbers);
    return service.sid;
  }
  assertOwnedSender(from, numbers);
  return numbers.optOutScope(from);
}

function assertOwnedSender(from: string, numbers: NumberDirectory): void {
  if (!isSenderShape(from)) throw twilioErrors.invalidFrom(from);
  if (!numbers.owns(from)) throw twilioErrors.fromNotOwned(from);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
