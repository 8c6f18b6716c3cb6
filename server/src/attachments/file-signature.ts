import type { AttachmentContentType } from '@care/shared';

/**
 * The file's first bytes must match its declared type: Twilio re-checks the Content-Type we serve,
 * and a mislabelled file (e.g. HTML called image/png) must never be stored as what it claims.
 */
const SIGNATURES: Record<AttachmentContentType, (bytes: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/gif': (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')),
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

export function matchesSignature(contentType: AttachmentContentType, bytes: Buffer): boolean {
  return SIGNATURES[contentType](bytes);
}
