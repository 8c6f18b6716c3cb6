import type { MessageDto } from '@care/shared';
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
    media: message.media,
    sentBy: message.sentBy ? { id: message.sentBy.id, name: message.sentBy.name } : null,
    clientMessageId: message.clientMessageId,
    createdAt: message.createdAt.toISOString(),
    twilioSid: message.twilioSid,
  };
}
