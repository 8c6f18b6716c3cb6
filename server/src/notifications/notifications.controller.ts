import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { NotificationPage, NotificationsReadResponse } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { NotificationsService } from './notifications.service';

/** The caller's own notifications (the bell); nobody sees another user's. */
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query('cursor') cursor?: string): Promise<NotificationPage> {
    return this.notifications.list(user, cursor);
  }

  @Post('read-all')
  @HttpCode(200)
  readAll(@CurrentUser() user: AuthUser): Promise<NotificationsReadResponse> {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<NotificationsReadResponse> {
    return this.notifications.markRead(user, id);
  }
}
