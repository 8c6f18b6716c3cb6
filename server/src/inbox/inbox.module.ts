import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { ReadStateService } from './read-state.service';

@Module({
  imports: [RealtimeModule],
  controllers: [InboxController, ConversationsController],
  providers: [InboxService, ConversationsService, ReadStateService],
})
export class InboxModule {}
