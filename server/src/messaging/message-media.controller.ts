import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { Response } from 'express';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { isInlineMediaType, MessageMediaService } from './message-media.service';

/** `GET /api/messages/:messageId/media/:index`: an MMS attachment, streamed from Twilio. */
@ApiTags('messages')
@Controller('api/messages/:messageId/media')
export class MessageMediaController {
  constructor(private readonly media: MessageMediaService) {}

  @ApiRoute({
    summary: 'An MMS attachment, streamed from Twilio',
    description: "`index` counts from 0 (a message's `media[]` holds these paths). Served sandboxed (`Content-Security-Policy: sandbox`, `nosniff`); images, audio and video inline, other files as attachments.",
    ok: { description: 'The file, with the content type Twilio stored', contentType: 'application/octet-stream', schema: { type: 'string', format: 'binary' } },
    errors: [404, { status: 502, description: 'Twilio could not be reached for the file' }],
  })
  @Get(':index')
  async stream(@CurrentUser() user: AuthUser, @Param('messageId') messageId: string, @Param('index') index: string, @Res() response: Response): Promise<void> {
    const media = await this.media.open(user, messageId, index);
    response.status(200);
    response.setHeader('Content-Type', media.contentType);
    if (media.contentLength) response.setHeader('Content-Length', media.contentLength);
    response.setHeader('Cache-Control', 'private, max-age=3600');
    // Patient-sent files are untrusted: never sniffed, never a page with scripts on our origin.
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('Content-Disposition', `${isInlineMediaType(media.contentType) ? 'inline' : 'attachment'}; filename="attachment-${Number(index) + 1}"`);
    const body = Readable.fromWeb(media.body as NodeReadableStream<Uint8Array>);
    body.on('error', () => response.destroy());
    body.pipe(response);
  }
}
