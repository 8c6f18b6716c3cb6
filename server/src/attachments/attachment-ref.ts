/**
 * How an outbound message's `media[]` names one of our stored attachments (inbound entries are
 * Twilio's URLs). The browser gets `attachmentPath` (bearer token); Twilio gets a signed URL.
 */
const PREFIX = 'attachment:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function attachmentRef(attachmentId: string): string {
  return `${PREFIX}${attachmentId}`;
}

/** The attachment id of a `media[]` entry, or null for a Twilio URL. */
export function attachmentIdOf(mediaEntry: string): string | null {
  if (!mediaEntry.startsWith(PREFIX)) return null;
  const id = mediaEntry.slice(PREFIX.length);
  return UUID.test(id) ? id : null;
}

/** The authenticated path the app loads an attachment from (`GET`, bearer token). */
export function attachmentPath(attachmentId: string): string {
  return `/api/attachments/${attachmentId}`;
}
