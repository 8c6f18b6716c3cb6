import { Controller, Get, Param, Post, Query, Res, UploadedFile as UploadedFileParam, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AttachmentDto } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { Public } from '../auth/public.decorator';
import { ApiRoute } from '../common/api-route.decorator';
import { ATTACHMENT_FIELD, AttachmentUploadInterceptor } from './attachment-upload.interceptor';
import { AttachmentsService, type ServedAttachment, type UploadedFile } from './attachments.service';

const FILE_ANSWER = { description: 'The file, with its stored content type', contentType: 'application/octet-stream', schema: { type: 'string', format: 'binary' } } as const;

/** `POST /api/attachments` (upload) and `GET /api/attachments/:id` (the app, bearer token). */
@ApiTags('attachments')
@Controller('api/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @ApiRoute({
    summary: 'Upload a file to attach to a text (MMS)',
    description:
      'multipart/form-data with one field `file`: JPEG, PNG or GIF up to 5 MB, PDF up to 500 KB (Twilio\'s limits); the contents must match the type. Pass the answered `id` in `attachmentIds` of `POST /api/patients/:patientId/messages` (only the uploader can).',
    ok: { description: '`{id, contentType, size}`' },
    errors: [{ status: 413, description: 'Bigger than Twilio accepts for this type' }, { status: 415, description: 'Not a JPEG, PNG, GIF or PDF (or the contents do not match the type)' }, 400, 422],
  })
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [ATTACHMENT_FIELD], properties: { [ATTACHMENT_FIELD]: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(AttachmentUploadInterceptor)
  upload(@CurrentUser() user: AuthUser, @UploadedFileParam() file: UploadedFile | undefined): Promise<AttachmentDto> {
    return this.attachments.upload(user, file);
  }

  @ApiRoute({
    summary: 'An attachment of a sent text (or your own upload)',
    description: "A message's `media[]` holds these paths. Served sandboxed (`Content-Security-Policy: sandbox`, `nosniff`).",
    ok: FILE_ANSWER,
    errors: [404],
  })
  @Get(':attachmentId')
  async download(@CurrentUser() user: AuthUser, @Param('attachmentId') attachmentId: string, @Res() response: Response): Promise<void> {
    sendFile(response, await this.attachments.openForUser(user, attachmentId), 'private, max-age=3600');
  }
}

/** `GET /media/:id?expires=&sig=`: the signed URL Twilio fetches an attachment from (no bearer token). */
@ApiTags('attachments')
@Controller('media')
export class SignedMediaController {
  constructor(private readonly attachments: AttachmentsService) {}

  @ApiRoute({
    summary: 'An attachment for Twilio, by signed expiring URL',
    description: 'The MediaUrl the worker gives Twilio: HMAC-SHA256 over id and expiry. Twilio checks that the Content-Type matches the file.',
    isPublic: true,
    ok: FILE_ANSWER,
    errors: [{ status: 403, description: 'The signature is wrong or has expired' }, 404],
  })
  @ApiQuery({ name: 'expires', required: true, description: 'Unix time (seconds) after which the link stops working' })
  @ApiQuery({ name: 'sig', required: true, description: 'Hex HMAC-SHA256 of `<id>.<expires>`' })
  @Public()
  @Get(':attachmentId')
  async fetch(@Param('attachmentId') attachmentId: string, @Query('expires') expires: string | undefined, @Query('sig') sig: string | undefined, @Res() response: Response): Promise<void> {
    sendFile(response, await this.attachments.openSigned(attachmentId, single(expires), single(sig)), 'private, max-age=300');
  }
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function sendFile(response: Response, file: ServedAttachment, cacheControl: string): void {
  response.status(200);
  response.setHeader('Content-Type', file.contentType);
  response.setHeader('Content-Length', String(file.bytes.length));
  response.setHeader('Content-Disposition', `inline; filename="${file.filename}"`);
  response.setHeader('Cache-Control', cacheControl);
  // Never sniffed, never a page with scripts on our origin.
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  response.end(file.bytes);
}
