import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { canSeeTeam, type AuthUser } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { TwilioGateway } from '../twilio/twilio-gateway';
import { attachmentIdOf } from '../attachments/attachment-ref';
import { Message } from './message.entity';

export interface OpenedMedia {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  contentLength: string | null;
}

/** Types a browser may show inline; anything else is served as a download (never rendered as a page). */
const INLINE_TYPES = /^(image\/(jpeg|png|gif|webp|heic|heif|bmp)|audio\/[\w.+-]+|video\/[\w.+-]+)$/i;

export function isInlineMediaType(contentType: string): boolean {
  return INLINE_TYPES.test(contentType.split(';')[0]!.trim());
}

/**
 * MMS media through our own authenticated path: the user must be allowed to see the message's
 * conversation (another team's is a 404, as everywhere), and only the server talks to Twilio.
 */
@Injectable()
export class MessageMediaService {
  private readonly logger = new Logger('MessageMediaService');

  constructor(
    private readonly em: EntityManager,
    private readonly twilio: TwilioGateway,
    private readonly audit: AuditService,
  ) {}

  async open(user: AuthUser, messageId: string, rawIndex: string): Promise<OpenedMedia> {
    if (!isUuid(messageId) || !/^\d{1,2}$/.test(rawIndex)) throw new NotFoundError('Media');
    const index = Number(rawIndex);
    const em = this.em.fork();
    const message = await em.findOne(Message, { id: messageId, organization: user.organizationId }, { populate: ['conversation'] });
    if (!message || !canSeeTeam(user, message.conversation.team?.id ?? null)) throw new NotFoundError('Media');
    const url = message.media[index];
    // Our own attachments are served by /api/attachments/:id, never fetched from Twilio.
    if (!url || attachmentIdOf(url)) throw new NotFoundError('Media');

    this.audit.record(em, user, 'message.media-read', message.patient?.id ?? null, { messageId: message.id, index });
    await em.flush();

    let fetched;
    try {
      fetched = await this.twilio.fetchMedia(url);
    } catch (error) {
      this.logger.warn(`media ${index} of message ${message.id} could not be fetched: ${error instanceof Error ? error.name : 'error'}`);
      throw new DomainError('twilio_unavailable', 'The attachment could not be fetched from Twilio. Try again later.');
    }
    if (fetched.status >= 400 || !fetched.body) {
      await fetched.body?.cancel().catch(() => undefined);
      this.logger.warn(`media ${index} of message ${message.id}: Twilio answered HTTP ${fetched.status}`);
      if (fetched.status === 404 || fetched.status === 410) throw new NotFoundError('Media');
      throw new DomainError('twilio_unavailable', 'The attachment could not be fetched from Twilio. Try again later.');
    }
    const upstreamType = fetched.contentType && !/^application\/octet-stream/i.test(fetched.contentType) ? fetched.contentType : null;
    return {
      body: fetched.body,
      contentType: upstreamType ?? message.mediaContentTypes[index] ?? 'application/octet-stream',
      contentLength: fetched.contentLength,
    };
  }
}
