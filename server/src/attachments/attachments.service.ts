import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_TOTAL_BYTES, attachmentProblem, formatBytes, type AttachmentContentType, type AttachmentDto } from '@care/shared';
import { canSeeTeam, type AuthUser } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { DomainError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { Message } from '../messaging/message.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { attachmentIdOf } from './attachment-ref';
import { Attachment } from './attachment.entity';
import { matchesSignature } from './file-signature';
import { MediaUrlSigner } from './media-url-signer';

/**
 * How long a MediaUrl handed to Twilio works. Twilio fetches it when it takes the message, which
 * can be as late as the validity period of its queue (10 h by default), so 12 h.
 */
export const MEDIA_URL_TTL_SECONDS = 12 * 60 * 60;

/** A file as multer hands it over (memory storage). */
export interface UploadedFile {
  buffer: Buffer;
  mimetype: string;
}

export interface ServedAttachment {
  bytes: Buffer;
  contentType: AttachmentContentType;
  /** `attachment-<first 8 of id>.<ext>`: never a name the user typed (no PHI, no header tricks). */
  filename: string;
}

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly signer: MediaUrlSigner,
  ) {}

  async upload(user: AuthUser, file: UploadedFile | undefined): Promise<AttachmentDto> {
    if (!file) throw new InvalidInputError('file is required: send it as the multipart/form-data field "file"');
    const contentType = file.mimetype.split(';')[0]!.trim().toLowerCase();
    const problem = attachmentProblem(contentType, file.buffer.length);
    if (problem) throw new DomainError(problem.kind === 'size' ? 'too_large' : 'unsupported_type', problem.message);
    const type = contentType as AttachmentContentType;
    if (!matchesSignature(type, file.buffer)) {
      throw new DomainError('unsupported_type', `The file's contents are not a ${ATTACHMENT_TYPES[type].label}; attach the original file.`);
    }
    const em = this.em.fork();
    const attachment = new Attachment({
      organization: em.getReference(Organization, user.organizationId),
      uploadedBy: em.getReference(User, user.id),
      contentType: type,
      bytes: file.buffer,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
    });
    em.persist(attachment);
    this.audit.record(em, user, 'attachment.upload', null, { attachmentId: attachment.id, contentType: type, size: attachment.size });
    await em.flush();
    return { id: attachment.id, contentType: type, size: attachment.size };
  }

  /**
   * The caller's own unsent uploads, locked for the sending transaction. Anything else (another
   * organisation's, a colleague's, an unknown id) is a 404; one already sent is a 409.
   */
  async claimForSend(tx: EntityManager, user: AuthUser, ids: string[]): Promise<Attachment[]> {
    if (ids.some((id) => !isUuid(id))) throw new NotFoundError('Attachment');
    const found = await tx.find(Attachment, { id: { $in: ids }, organization: user.organizationId, uploadedBy: user.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const byId = new Map(found.map((attachment) => [attachment.id, attachment]));
    const attachments = ids.map((id) => byId.get(id));
    if (attachments.some((attachment) => attachment === undefined)) throw new NotFoundError('Attachment');
    const claimed = attachments as Attachment[];
    if (claimed.some((attachment) => attachment.message !== null)) {
      throw new DomainError('conflict', 'This attachment was already sent; attach the file again to send it in another message');
    }
    const total = claimed.reduce((sum, attachment) => sum + attachment.size, 0);
    if (total > MAX_ATTACHMENT_TOTAL_BYTES) {
      throw new DomainError('too_large', `Attachments together can be at most ${formatBytes(MAX_ATTACHMENT_TOTAL_BYTES)} (Twilio's MMS limit); these are ${formatBytes(total)}.`);
    }
    return claimed;
  }

  /**
   * For the app (bearer token): the uploader sees their file; once sent, whoever may see the
   * message's conversation does. Another team's or organisation's is a 404.
   */
  async openForUser(user: AuthUser, attachmentId: string): Promise<ServedAttachment> {
    if (!isUuid(attachmentId)) throw new NotFoundError('Attachment');
    const em = this.em.fork();
    const attachment = await em.findOne(Attachment, { id: attachmentId, organization: user.organizationId }, { populate: ['bytes'] });
    if (!attachment) throw new NotFoundError('Attachment');
    let patientId: string | null = null;
    if (attachment.message) {
      const message = await em.findOne(Message, attachment.message.id, { populate: ['conversation'] });
      patientId = message?.patient?.id ?? null;
      const visible = message !== null && canSeeTeam(user, message.conversation.team?.id ?? null);
      if (attachment.uploadedBy.id !== user.id && !visible) throw new NotFoundError('Attachment');
    } else if (attachment.uploadedBy.id !== user.id) {
      // Not sent yet: only its uploader has a use for it.
      throw new NotFoundError('Attachment');
    }
    this.audit.record(em, user, 'attachment.read', patientId, { attachmentId: attachment.id, messageId: attachment.message?.id ?? null });
    await em.flush();
    return served(attachment);
  }

  /** For Twilio (no credentials): a valid, unexpired signature for a sent attachment. */
  async openSigned(attachmentId: string, expires: string | undefined, sig: string | undefined): Promise<ServedAttachment> {
    const verdict = isUuid(attachmentId) ? this.signer.verify(attachmentId, expires, sig) : 'invalid';
    if (verdict === 'expired') throw new ForbiddenError('This media link has expired');
    if (verdict !== 'ok') throw new ForbiddenError('This media link is not valid');
    const attachment = await this.em.fork().findOne(Attachment, { id: attachmentId, message: { $ne: null } }, { populate: ['bytes'] });
    if (!attachment) throw new NotFoundError('Attachment');
    return served(attachment);
  }

  /** What Twilio is given for a `media[]` entry: our attachments as signed URLs, anything else as is. */
  mediaUrlForTwilio(mediaEntry: string): string {
    const id = attachmentIdOf(mediaEntry);
    return id ? this.signer.url(id, MEDIA_URL_TTL_SECONDS) : mediaEntry;
  }
}

function served(attachment: Attachment): ServedAttachment {
  return {
    bytes: attachment.bytes,
    contentType: attachment.contentType,
    filename: `attachment-${attachment.id.slice(0, 8)}.${ATTACHMENT_TYPES[attachment.contentType].extension}`,
  };
}
