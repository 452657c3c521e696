import { Injectable, Logger, type MessageEvent } from '@nestjs/common';
import {
  catchError,
  defer,
  EMPTY,
  exhaustMap,
  from,
  map,
  mergeMap,
  type Observable,
  switchMap,
  tap,
  timer,
} from 'rxjs';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { type NotificationDocument, NotificationsRepository } from '@leadflow/persistence';
import type { Page, PageWindow } from '../http/pagination';
import type { NotificationDto, NotificationEventDto } from './dto/notification.dto';

/** How often an open stream asks MongoDB for new notifications; a change stream would need a replica set. */
export const STREAM_POLL_MS = 2_000;
/** The most one poll sends; the rest follow on the next polls. */
const STREAM_BATCH = 100;
const EVENT_ID = /^\d{1,15}$/;

function toNotificationDto(notification: NotificationDocument): NotificationDto {
  const { effect_key: _internal, ...shown } = notification;
  return shown;
}

function toEvent(notification: NotificationDocument): MessageEvent {
  const data: NotificationEventDto = {
    id: notification.id,
    message: notification.message,
    lead_id: notification.lead_id,
    created_at: notification.created_at,
  };
  return { id: String(notification.id), data };
}

function notificationNotFound(id: number): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, `Notification ${id} does not exist`);
}

/** A user's inbox: the notifications send_notification steps made for them, plus the broadcast ones. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(private readonly notifications: NotificationsRepository) {}

  async list(
    userId: number,
    filter: { unreadOnly: boolean; leadId?: number },
    window: PageWindow,
  ): Promise<Omit<Page<NotificationDto>, 'next' | 'previous'>> {
    const found = await this.notifications.inboxOf(userId, {
      ...filter,
      skip: window.skip,
      limit: window.limit,
    });
    return { count: found.count, results: found.results.map(toNotificationDto) };
  }

  /** Another user's notification is a 404, as if it did not exist: ids of others' inboxes are not revealed. */
  async markRead(userId: number, id: number): Promise<NotificationDto> {
    const notification = await this.notifications.findById(id);
    if (!notification || (notification.user_id !== null && notification.user_id !== userId)) {
      throw notificationNotFound(id);
    }
    if (notification.read_at !== null) return toNotificationDto(notification);
    const read = await this.notifications.markRead(id, new Date());
    if (!read) throw notificationNotFound(id);
    return toNotificationDto(read);
  }

  /**
   * New notifications for a user as server-sent events, oldest first, each with its id as the event id. A
   * reconnecting EventSource sends the last id it saw as Last-Event-ID and resumes after it; a new stream
   * starts after the newest notification that exists when it opens.
   */
  stream(userId: number, lastEventId: string | undefined): Observable<MessageEvent> {
    return defer(async () =>
      lastEventId !== undefined && EVENT_ID.test(lastEventId)
        ? Number(lastEventId)
        : this.notifications.latestId(),
    ).pipe(
      switchMap((startAfter) => {
        let lastSentId = startAfter;
        return timer(0, STREAM_POLL_MS).pipe(
          // A slow poll is not stacked on: ticks that arrive while one runs are dropped.
          exhaustMap(() =>
            from(this.notifications.inboxAfter(userId, lastSentId, STREAM_BATCH)).pipe(
              tap((batch) => {
                lastSentId = batch.at(-1)?.id ?? lastSentId;
              }),
              // A failed poll (MongoDB briefly away) keeps the stream open; the next tick tries again.
              catchError((error: unknown) => {
                this.logger.warn(`notification stream poll failed: ${String(error)}`);
                return EMPTY;
              }),
            ),
          ),
          mergeMap((batch) => batch),
          map(toEvent),
        );
      }),
    );
  }
}
