import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { loadOrCreateSecret } from '../config/secrets';
import { AttachmentsController, SignedMediaController } from './attachments.controller';
import { AttachmentUploadInterceptor } from './attachment-upload.interceptor';
import { AttachmentsService } from './attachments.service';
import { MediaUrlSigner } from './media-url-signer';

@Module({
  controllers: [AttachmentsController, SignedMediaController],
  providers: [
    AttachmentsService,
    AttachmentUploadInterceptor,
    {
      provide: MediaUrlSigner,
      inject: [APP_CONFIG],
      // The same secret as the tokens (AuthModule), so every process signs and verifies alike.
      useFactory: (config: AppConfig) => new MediaUrlSigner(config.jwtSecret ?? loadOrCreateSecret(config.dataDir, 'jwt-secret'), config.http.publicBaseUrl),
    },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
