/**
 * Files a sender can attach to a text (sent as MMS). Twilio fully supports JPEG, PNG and GIF up
 * to 5 MB; other types only up to 500 KB, and the whole message (text and media) must stay under
 * 5 MB (twilio-facts §6). Checked in the browser before uploading and again on the server.
 */
export const ATTACHMENT_TYPES = {
  'image/jpeg': { maxBytes: 5 * 1024 * 1024, extension: 'jpg', label: 'JPEG image' },
  'image/png': { maxBytes: 5 * 1024 * 1024, extension: 'png', label: 'PNG image' },
  'image/gif': { maxBytes: 5 * 1024 * 1024, extension: 'gif', label: 'GIF image' },
  'application/pdf': { maxBytes: 500 * 1024, extension: 'pdf', label: 'PDF' },
} as const satisfies Record<string, { maxBytes: number; extension: string; label: string }>;

export type AttachmentContentType = keyof typeof ATTACHMENT_TYPES;

/** Twilio's ceiling for one MMS: at most 10 media URLs, 5 MB together. */
export const MAX_ATTACHMENTS = 10;
export const MAX_ATTACHMENT_TOTAL_BYTES = 5 * 1024 * 1024;
/** The biggest single upload (the image limit). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export function isAttachmentType(contentType: string): contentType is AttachmentContentType {
  return Object.hasOwn(ATTACHMENT_TYPES, contentType);
}

export type AttachmentProblem = { kind: 'type' | 'size'; message: string };

/** Why this file cannot be attached (`type`: 415, `size`: 413), or null when it can. */
export function attachmentProblem(contentType: string, size: number): AttachmentProblem | null {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (!isAttachmentType(type)) {
    return { kind: 'type', message: `Only JPEG, PNG or GIF images and PDF files can be attached (this file is ${type || 'of an unknown type'}).` };
  }
  const rule = ATTACHMENT_TYPES[type];
  if (size > rule.maxBytes) {
    return { kind: 'size', message: `A ${rule.label} can be at most ${formatBytes(rule.maxBytes)} (Twilio's MMS limit); this file is ${formatBytes(size)}.` };
  }
  if (size === 0) return { kind: 'type', message: 'The file is empty.' };
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** `POST /api/attachments` answers this; pass `id` in `SendMessageRequest.attachmentIds`. */
export interface AttachmentDto {
  id: string;
  contentType: AttachmentContentType;
  size: number;
}
