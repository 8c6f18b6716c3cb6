// Webhooks signed exactly as Twilio signs them (HMAC-SHA1 over URL + sorted name/value pairs).
import { createHmac, randomBytes } from 'node:crypto';

export const SIM_ACCOUNT_SID = 'AC00000000000000000000000000000000';
export const SIM_AUTH_TOKEN = '00000000000000000000000000000000';
export const INBOUND_PATH = '/webhooks/twilio/inbound';

export function twilioSignature(authToken, url, params) {
  let data = url;
  for (const name of Object.keys(params).sort()) data += name + params[name];
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

const runPrefix = randomBytes(4).toString('hex');
let sidCounter = 0;

/** A unique, Twilio-shaped MessageSid (SM + 32 hex digits). */
export function nextMessageSid() {
  return `SM${runPrefix}${(++sidCounter).toString(16).padStart(24, '0')}`;
}

/** The form Twilio posts for an inbound SMS (no PHI: the body is a counter). */
export function inboundParams({ sid, from, to, body }) {
  return {
    MessageSid: sid,
    SmsSid: sid,
    SmsMessageSid: sid,
    AccountSid: SIM_ACCOUNT_SID,
    From: from,
    To: to,
    Body: body,
    NumMedia: '0',
    NumSegments: '1',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
    FromCity: '',
    FromState: '',
    FromZip: '',
    FromCountry: 'US',
  };
}

/** Body and headers of one signed inbound webhook for `publicBaseUrl`. */
export function signedInbound(publicBaseUrl, fields) {
  const params = inboundParams(fields);
  return {
    body: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(SIM_AUTH_TOKEN, publicBaseUrl + INBOUND_PATH, params),
    },
  };
}
