import type { MessageDto } from '@care/shared';
import { attachmentIdOf, attachmentPath } from '../attachments/attachment-ref';
import type { Message } from './message.entity';

/** `sentBy` must be loaded (populate it) for outbound messages. */
export function toMessageDto(message: Message): MessageDto {
  return {
    id: message.id,
    patientId: message.patient?.id ?? null,
    conversationId: message.conversation.id,
    direction: message.direction,
    body: message.body,
    from: message.from,
    to: message.to,
    lineId: message.line.id,
    status: message.status,
    errorCode: message.errorCode,
    errorMessage: message.errorMessage,
    segments: message.segments,
    encoding: message.encoding,
    channel: message.channel,
    // Never Twilio's URL: browsers fetch media through our authenticated proxy (or, for files
    // our users attached, from our attachment store).
    media: message.media.map((entry, index) => {
      const attachmentId = attachmentIdOf(entry);
      return attachmentId ? attachmentPath(attachmentId) : messageMediaPath(message.id, index);
    }),
    sentBy: message.sentBy ? { id: message.sentBy.id, name: message.sentBy.name } : null,
    clientMessageId: message.clientMessageId,
    createdAt: message.createdAt.toISOString(),
    twilioSid: message.twilioSid,
    ...(message.scheduledFor ? { scheduledFor: message.scheduledFor.toISOString() } : {}),
    ...(message.template ? { templateId: message.template.id } : {}),
    ...(message.flags.length > 0 ? { flags: [...message.flags] } : {}),
  };
}

/** The authenticated path that streams a message's media (`GET`, bearer token). */
export function messageMediaPath(messageId: string, index: number): string {
  return `/api/messages/${messageId}/media/${index}`;
}
