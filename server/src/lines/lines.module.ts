import { Module } from '@nestjs/common';
import { LinesService } from './lines.service';
import { LinesController } from './lines.controller';
import { AdminLinesController } from './admin-lines.controller';
import { LineSendSlots } from './line-send-slots';

@Module({ controllers: [LinesController, AdminLinesController], providers: [LinesService, LineSendSlots], exports: [LinesService, LineSendSlots] })
export class LinesModule {}
