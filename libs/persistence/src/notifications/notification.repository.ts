import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertOnce, withoutMongoId } from '../insert-once';
import { SequentialIds } from '../sequential-ids';
import { type NotificationDocument, NOTIFICATION_MODEL } from './notification.schema';

export type NewNotification = Omit<NotificationDocument, 'id' | 'read_at'>;

@Injectable()
export class NotificationsRepository implements OnModuleInit {
  constructor(
    @InjectModel(NOTIFICATION_MODEL) private readonly notifications: Model<NotificationDocument>,
    private readonly ids: SequentialIds,
  ) {}

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

  /**
   * What a user sees: their own notifications and the broadcast ones, one page, newest first; only those
   * about one lead when `leadId` is given.
   */
  async inboxOf(
    userId: number,
    options: { unreadOnly: boolean; leadId?: number; skip: number; limit: number },
  ): Promise<{ count: number; results: NotificationDocument[] }> {
    const query = {
      user_id: { $in: [userId, null] },
      ...(options.unreadOnly ? { read_at: null } : {}),
      ...(options.leadId !== undefined ? { lead_id: options.leadId } : {}),
    };
    const [count, results] = await Promise.all([
      this.notifications.countDocuments(query),
      this.notifications
        .find(query, { _id: 0 })
        .sort({ created_at: -1, id: -1 })
        .skip(options.skip)
        .limit(options.limit)
        .lean<NotificationDocument[]>()
        .exec(),
    ]);
    return { count, results };
  }

  /** A user's (and broadcast) notifications with an id above `afterId`, oldest first: what a stream sends next. */
  inboxAfter(userId: number, afterId: number, limit: number): Promise<NotificationDocument[]> {
    return this.notifications
      .find({ user_id: { $in: [userId, null] }, id: { $gt: afterId } }, { _id: 0 })
      .sort({ id: 1 })
      .limit(limit)
      .lean<NotificationDocument[]>()
      .exec();
  }

  /** The highest notification id so far (0 when there is none): where a new stream starts. */
  async latestId(): Promise<number> {
    const latest = await this.notifications
      .findOne({}, { _id: 0, id: 1 })
      .sort({ id: -1 })
      .lean<Pick<NotificationDocument, 'id'>>()
      .exec();
    return latest?.id ?? 0;
  }

  async markRead(id: number, now: Date): Promise<NotificationDocument | null> {
    const result = await this.notifications.updateOne({ id, read_at: null }, { $set: { read_at: now } });
    if (result.matchedCount === 0 && !(await this.notifications.exists({ id }))) return null;
    return this.findById(id);
  }
}
