import type { MessageStatus } from '@care/shared';
import { API_VERSION } from './credentials';
import { toRfc2822 } from './dates';
import type { MessageRecord, TwilioDirection } from './simulator-types';

/** The Message resource as Twilio's 2010-04-01 API returns it (twilio-facts §1.3; OpenAPI `api.v2010.account.message`). */
export interface TwilioMessageJson {
  account_sid: string;
  api_version: string;
  body: string;
  date_created: string;
  date_sent: string | null;
  date_updated: string;
  direction: TwilioDirection;
  error_code: number | null;
  error_message: string | null;
  from: string | null;
  messaging_service_sid: string | null;
  num_media: string;
  num_segments: string;
  price: string | null;
  price_unit: string;
  sid: string;
  status: MessageStatus;
  subresource_uris: { media: string; feedback: string };
  to: string;
  uri: string;
}

export function messagesPath(accountSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Messages.json`;
}

export function messagePath(accountSid: string, sid: string, suffix = ''): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}${suffix}.json`;
}

/** Keys in Twilio's (alphabetical) order, so a diff against a real response reads cleanly. */
export function toTwilioMessageJson(record: MessageRecord, accountSid: string): TwilioMessageJson {
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    body: record.body,
    date_created: toRfc2822(record.dateCreated),
    date_sent: record.dateSent ? toRfc2822(record.dateSent) : null,
    date_updated: toRfc2822(record.dateUpdated),
    direction: record.direction,
    error_code: record.errorCode,
    error_message: record.errorMessage,
    from: record.from,
    messaging_service_sid: record.messagingServiceSid,
    num_media: String(record.mediaUrls.length),
    num_segments: String(record.numSegments),
    // Twilio fills the price in later, from carrier billing; the simulator never bills.
    price: null,
    price_unit: 'USD',
    sid: record.sid,
    status: record.status,
    subresource_uris: {
      media: messagePath(accountSid, record.sid, '/Media'),
      feedback: messagePath(accountSid, record.sid, '/Feedback'),
    },
    to: record.to,
    uri: messagePath(accountSid, record.sid),
  };
}
