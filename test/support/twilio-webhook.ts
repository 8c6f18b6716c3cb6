import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { SIMULATOR_AUTH_TOKEN } from '../../server/src/config/env';

export function fakeMessageSid(prefix: 'SM' | 'MM' = 'SM'): string {
  return prefix + randomBytes(16).toString('hex');
}

/**
 * Posts a form-encoded webhook as Twilio would: signed with the auth token over the public URL
 * plus the sorted parameters (using the SDK's own signer), unless a signature is forced.
 */
export async function postTwilioWebhook(
  stack: { url: string; config: { http: { publicBaseUrl: string } } },
  path: '/webhooks/twilio/inbound' | '/webhooks/twilio/status',
  params: Record<string, string>,
  options: { signature?: string | null; authToken?: string } = {},
): Promise<{ status: number; body: string; contentType: string | null }> {
  const signature =
    options.signature === undefined
      ? twilio.getExpectedTwilioSignature(options.authToken ?? SIMULATOR_AUTH_TOKEN, stack.config.http.publicBaseUrl + path, params)
      : options.signature;
  const response = await fetch(stack.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

export function inboundParams(input: { from: string; to: string; body: string; sid?: string }): Record<string, string> {
  const sid = input.sid ?? fakeMessageSid();
  return {
    MessageSid: sid,
    SmsSid: sid,
    SmsMessageSid: sid,
    AccountSid: 'AC00000000000000000000000000000000',
    From: input.from,
    To: input.to,
    Body: input.body,
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
