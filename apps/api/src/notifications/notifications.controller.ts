import {
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  type MessageEvent,
  Post,
  Query,
  Req,
  Sse,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCookieAuth,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { AcceptsTokenCookie, TOKEN_COOKIE } from '../auth/token-cookie';
import { IdParam } from '../http/id-param';
import { ApiPaginatedResponse, type Page, pageWindow, toPage } from '../http/pagination';
import { NotificationDto, NotificationQueryDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary: "The caller's notifications and the broadcast ones, newest first",
    description:
      '`?unread=true` lists only those not yet marked read; `?lead_id=123` only those about that lead.',
  })
  @ApiPaginatedResponse(NotificationDto)
  @ApiBadRequestResponse({ description: 'A malformed filter or page.' })
  async list(
    @Query() query: NotificationQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
  ): Promise<Page<NotificationDto>> {
    const window = pageWindow(query);
    const filter = { unreadOnly: query.unread === 'true', leadId: query.lead_id };
    return toPage(request, window, await this.notifications.list(user.id, filter, window));
  }

  @Sse('stream')
  @AcceptsTokenCookie()
  @ApiCookieAuth(TOKEN_COOKIE)
  @ApiOperation({
    summary: 'New notifications as server-sent events',
    description:
      'Polls every 2 s and sends each new notification of the caller (or broadcast) as ' +
      '`id: 31\\ndata: {"id":31,"message":"...","lead_id":123,"created_at":"..."}`. ' +
      'Send `Last-Event-ID` to resume after an event; without it the stream starts with the next notification. ' +
      'A browser EventSource cannot send headers, so this route also accepts the JWT in the `leadflow_token` ' +
      'cookie the console sets on login (`new EventSource("/api/notifications/stream", {withCredentials: true})`).',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, example: '31' })
  @ApiOkResponse({ description: 'An endless text/event-stream.' })
  stream(
    @CurrentUser() user: AuthenticatedUser,
    @Headers('last-event-id') lastEventId?: string,
  ): Observable<MessageEvent> {
    return this.notifications.stream(user.id, lastEventId);
  }

  // Viewers receive notifications too, so they may mark them read. A broadcast has one shared read mark
  // (the schema keeps a single read_at), so reading it reads it for everyone.
  @Post(':id/read')
  @RequireRole('viewer')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Mark one of the caller's notifications (or a broadcast one) read" })
  @ApiOkResponse({ type: NotificationDto, description: 'The notification with `read_at` set.' })
  @ApiNotFoundResponse({ description: "No such notification in the caller's inbox." })
  markRead(@IdParam() id: number, @CurrentUser() user: AuthenticatedUser): Promise<NotificationDto> {
    return this.notifications.markRead(user.id, id);
  }
}
