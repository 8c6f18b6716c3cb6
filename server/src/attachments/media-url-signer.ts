import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio fetches MediaUrl without our credentials, so an attachment goes out as a signed,
 * expiring URL: `${base}/media/:id?expires=<unix seconds>&sig=<hex HMAC-SHA256 of "id.expires">`.
 * The key is derived from the JWT secret (shared by every process like the tokens are), under its
 * own label so a media signature can never be mistaken for anything else.
 */
export class MediaUrlSigner {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly publicBaseUrl: string,
  ) {
    this.key = createHmac('sha256', secret).update('care-sms/media-url/v1').digest();
  }

  signature(attachmentId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${attachmentId}.${expires}`).digest('hex');
  }

  /** The URL Twilio fetches; valid for `ttlSeconds` from `now`. */
  url(attachmentId: string, ttlSeconds: number, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + ttlSeconds;
    return `${this.publicBaseUrl}/media/${attachmentId}?expires=${expires}&sig=${this.signature(attachmentId, expires)}`;
  }

  /** 'ok', or why not; constant-time comparison of the signature. */
  verify(attachmentId: string, expires: string | undefined, sig: string | undefined, now = Date.now()): 'ok' | 'invalid' | 'expired' {
    if (!expires || !/^\d{1,12}$/.test(expires) || !sig || !/^[0-9a-f]{64}$/.test(sig)) return 'invalid';
    const expected = Buffer.from(this.signature(attachmentId, Number(expires)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'invalid';
    return Number(expires) * 1000 < now ? 'expired' : 'ok';
  }
}
