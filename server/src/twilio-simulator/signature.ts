import { createHmac } from 'node:crypto';

export type SignedParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * `X-Twilio-Signature` exactly as Twilio computes it (twilio-facts §4.1): the full URL, then each
 * POST parameter as name + value sorted by name, HMAC-SHA1 keyed by the auth token, base64.
 * Repeated names are de-duplicated and sorted by value, as twilio-node does when validating.
 */
export function computeTwilioSignature(authToken: string, url: string, params: SignedParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const v of values) data += name + v;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Twilio signs the configured URL without its fragment (fragments carry connection overrides, §3.3). */
export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
