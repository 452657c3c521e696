import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { insertOnce, withoutMongoId } from '../insert-once';
import { SequentialIds } from '../sequential-ids';
import { type NotificationDocument, notificationSchema } from './notification.schema';

export type NewNotification = Omit<NotificationDocument, 'id' | 'read_at'>;

@Injectable()
export class NotificationsRepository implements OnModuleInit {
  private readonly notifications: Model<NotificationDocument>;
  private readonly ids: SequentialIds;

  constructor(@InjectConnection() connection: Connection) {
    this.notifications = connection.model<NotificationDocument>(
      'Notification',
      notificationSchema,
      'notifications',
      { overwriteModels: true },
    );
    this.ids = new SequentialIds(connection);
  }

  async onModuleInit(): Promise<void> {
    await this.notifications.init();
  }

  /** Creates the notification unless its `effect_key` already made one; returns the stored one. */
  async createOnce(
    notification: NewNotification,
  ): Promise<{ notification: NotificationDocument; created: boolean }> {
    const { record, created } = await insertOnce<NotificationDocument>(
      this.ids,
      this.notifications,
      'notifications',
      { ...notification, read_at: null },
    );
    return { notification: withoutMongoId(record), created };
  }

  findById(id: number): Promise<NotificationDocument | null> {
    return this.notifications.findOne({ id }, { _id: 0 }).lean<NotificationDocument>().exec();
  }

  forLead(leadId: number): Promise<NotificationDocument[]> {
    return this.notifications
      .find({ lead_id: leadId }, { _id: 0 })
      .sort({ created_at: -1, id: -1 })
      .lean<NotificationDocument[]>()
      .exec();
  }

  /** A user's notifications, newest first; `null` lists the broadcast ones. */
  forUser(userId: number | null, options: { unreadOnly: boolean }): Promise<NotificationDocument[]> {
    const filter = options.unreadOnly ? { user_id: userId, read_at: null } : { user_id: userId };
    return this.notifications
      .find(filter, { _id: 0 })
      .sort({ created_at: -1, id: -1 })
      .lean<NotificationDocument[]>()
      .exec();
  }

  async markRead(id: number, now: Date): Promise<NotificationDocument | null> {
    const result = await this.notifications.updateOne({ id, read_at: null }, { $set: { read_at: now } });
    if (result.matchedCount === 0 && !(await this.notifications.exists({ id }))) return null;
    return this.findById(id);
  }
}
