import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertOnce, withoutMongoId } from '../insert-once';
import { SequentialIds } from '../sequential-ids';
import { type SentEmailDocument, SENT_EMAIL_MODEL } from './sent-email.schema';

export type NewSentEmail = Omit<SentEmailDocument, 'id' | 'sent_at'>;

@Injectable()
export class SentEmailsRepository implements OnModuleInit {
  constructor(
    @InjectModel(SENT_EMAIL_MODEL) private readonly emails: Model<SentEmailDocument>,
    private readonly ids: SequentialIds,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.emails.init();
  }

  /** Records the email about to be sent, or returns the record an earlier attempt of the same step made. */
  async recordOnce(email: NewSentEmail): Promise<{ email: SentEmailDocument; created: boolean }> {
    const { record, created } = await insertOnce<SentEmailDocument>(this.ids, this.emails, 'sent_emails', {
      ...email,
      sent_at: null,
    });
    return { email: withoutMongoId(record), created };
  }

  async markSent(id: number, sentAt: Date): Promise<void> {
    await this.emails.updateOne({ id }, { $set: { sent_at: sentAt } });
  }

  forLead(leadId: number): Promise<SentEmailDocument[]> {
    return this.emails
      .find({ lead_id: leadId }, { _id: 0 })
      .sort({ created_at: -1, id: -1 })
      .lean<SentEmailDocument[]>()
      .exec();
  }
}
