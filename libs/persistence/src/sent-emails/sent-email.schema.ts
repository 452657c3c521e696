import { Schema } from 'mongoose';

/**
 * An email a workflow step sends. Written before handing the message to SMTP (`sent_at` null) and marked
 * sent afterwards, so a step redone after a crash knows an earlier attempt may have sent it and resends with
 * the same `message_id`, which lets the receiving side drop the duplicate.
 */
export interface SentEmailDocument {
  id: number;
  lead_id: number;
  to: string;
  subject: string;
  body: string;
  template: string | null;
  /** RFC 5322 Message-ID, derived from the effect key */
  message_id: string;
  workflow_id: string | null;
  effect_key: string;
  created_at: Date;
  sent_at: Date | null;
}

export const SENT_EMAIL_MODEL = 'SentEmail';

export const sentEmailSchema = new Schema<SentEmailDocument>(
  {
    id: { type: Number, required: true },
    lead_id: { type: Number, required: true },
    to: { type: String, required: true },
    subject: { type: String, required: true },
    body: { type: String, required: true },
    template: { type: String, default: null },
    message_id: { type: String, required: true },
    workflow_id: { type: String, default: null },
    effect_key: { type: String, required: true },
    created_at: { type: Date, required: true },
    sent_at: { type: Date, default: null },
  },
  { versionKey: false },
);

sentEmailSchema.index({ id: 1 }, { unique: true });
sentEmailSchema.index({ effect_key: 1 }, { unique: true });
sentEmailSchema.index({ lead_id: 1, created_at: -1 });
