import { MediaUrlSigner } from './media-url-signer';

const ID = '0b7e6f62-3a51-4c8e-9f1e-2f4f4b1d2c3a';
const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);

describe('MediaUrlSigner', () => {
  const signer = new MediaUrlSigner('a-secret-of-at-least-thirty-two-characters', 'https://care.example.org');

  const parts = (url: string) => {
    const parsed = new URL(url);
    return { path: parsed.pathname, expires: parsed.searchParams.get('expires') ?? undefined, sig: parsed.searchParams.get('sig') ?? undefined };
  };

  it('signs an expiring URL under PUBLIC_BASE_URL that verifies until it expires', () => {
    const { path, expires, sig } = parts(signer.url(ID, 3600, NOW));
    expect(path).toBe(`/media/${ID}`);
    expect(Number(expires)).toBe(NOW / 1000 + 3600);
    expect(signer.verify(ID, expires, sig, NOW)).toBe('ok');
    expect(signer.verify(ID, expires, sig, NOW + 3600_000)).toBe('ok');
    expect(signer.verify(ID, expires, sig, NOW + 3601_000)).toBe('expired');
  });

  it('refuses another id, a changed expiry, a tampered or malformed signature, and another key', () => {
    const { expires, sig } = parts(signer.url(ID, 3600, NOW));
    expect(signer.verify('11111111-1111-4111-8111-111111111111', expires, sig, NOW)).toBe('invalid');
    expect(signer.verify(ID, String(Number(expires) + 1), sig, NOW)).toBe('invalid');
    const flipped = (sig![0] === 'a' ? 'b' : 'a') + sig!.slice(1);
    expect(signer.verify(ID, expires, flipped, NOW)).toBe('invalid');
    expect(signer.verify(ID, expires, sig!.slice(2), NOW)).toBe('invalid');
    expect(signer.verify(ID, expires, undefined, NOW)).toBe('invalid');
    expect(signer.verify(ID, 'soon', sig, NOW)).toBe('invalid');
    const other = new MediaUrlSigner('another-secret-of-at-least-thirty-two-chars', 'https://care.example.org');
    expect(other.verify(ID, expires, sig, NOW)).toBe('invalid');
  });
});
