import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { isInlineMediaType, MessageMediaService } from './message-media.service';

/** `GET /api/messages/:messageId/media/:index`: an MMS attachment, streamed from Twilio. */
@Controller('api/messages/:messageId/media')
export class MessageMediaController {
  constructor(private readonly media: MessageMediaService) {}

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
