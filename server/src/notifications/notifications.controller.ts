import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { NotificationPage, NotificationsReadResponse } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { NotificationsService } from './notifications.service';

/** The caller's own notifications (the bell); nobody sees another user's. */
@ApiTags('notifications')
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiRoute({ summary: "The caller's notifications (the bell), newest first", description: 'Answers `{items, nextCursor, unreadTotal}`.', errors: [{ status: 422, description: 'cursor is not valid' }] })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Query('cursor') cursor?: string): Promise<NotificationPage> {
    return this.notifications.list(user, cursor);
  }

  @ApiRoute({ summary: "Mark all the caller's notifications read", description: "Pushes `notification:read` to the user's other tabs.", ok: { description: '`{notificationIds, all, unreadTotal}`' } })
  @Post('read-all')
  @HttpCode(200)
  readAll(@CurrentUser() user: AuthUser): Promise<NotificationsReadResponse> {
    return this.notifications.markAllRead(user);
  }

  @ApiRoute({ summary: 'Mark one notification read', description: "Pushes `notification:read` to the user's other tabs.", ok: { description: '`{notificationIds, all, unreadTotal}`' }, errors: [404] })
  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<NotificationsReadResponse> {
    return this.notifications.markRead(user, id);
  }
}
