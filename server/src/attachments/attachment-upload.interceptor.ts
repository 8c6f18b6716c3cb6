import { Injectable, PayloadTooLargeException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { formatBytes, MAX_ATTACHMENT_BYTES } from '@care/shared';
import { DomainError } from '../common/errors/domain-error';

/** The multipart field that carries the file. */
export const ATTACHMENT_FIELD = 'file';

/**
 * Multer (shipped with @nestjs/platform-express) reads one file into memory, never more than the
 * biggest allowed upload; the JSON/form parsers (256 KB) do not touch multipart bodies. A file over
 * the limit is answered 413 with Twilio's limits spelled out.
 */
@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  private readonly multer: NestInterceptor = new (FileInterceptor(ATTACHMENT_FIELD, {
    limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 0, parts: 1 },
  }))();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) {
        throw new DomainError('too_large', `A file can be at most ${formatBytes(MAX_ATTACHMENT_BYTES)} (Twilio's MMS limit for images; PDF files 500 KB).`);
      }
      throw error;
    }
  }
}
