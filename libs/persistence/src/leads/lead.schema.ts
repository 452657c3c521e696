import { model, Schema } from 'mongoose';

/** Fields a client writes (create, update, import). */
export interface LeadFields {
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  title: string | null;
  industry: string | null;
  company_size: string | number | null;
  status: string;
  source: string | null;
  owner_id: number | null;
  // Enrichment fields: written by clients or by the enrichment jobs.
  company_revenue: string | number | null;
  job_level: string | null;
  technologies: string[];
  social_profiles: Record<string, string>;
  custom_fields: Record<string, unknown>;
}

/**
 * Fields only the scoring code writes (part of the scoring feature): the lead's copy of its newest
 * calculation, which is its current score. `score_seq` counts the calculations applied to the lead, so a late
 * writer of an older calculation cannot overwrite a newer one; `score_id` is that calculation's history entry
 * (null before the first, and on leads scored before it was recorded).
 */
export interface LeadScoreState {
  score: number;
  score_breakdown: Record<string, number>;
  qualification_stage: string;
  score_seq: number;
  score_id: number | null;
}

export interface LeadDocument extends LeadFields, LeadScoreState {
  id: number;
  created_at: Date;
  updated_at: Date;
}

export const LEAD_CLIENT_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'company',
  'title',
  'industry',
  'company_size',
  'status',
  'source',
  'owner_id',
  'company_revenue',
  'job_level',
  'technologies',
  'social_profiles',
  'custom_fields',
] as const satisfies readonly (keyof LeadFields)[];

const nullableString = { type: String, default: null };

export const leadSchema = new Schema<LeadDocument>(
  {
    id: { type: Number, required: true },
    first_name: nullableString,
    last_name: nullableString,
    email: nullableString,
    phone: nullableString,
    company: nullableString,
    title: nullableString,
    industry: nullableString,
    // The guide uses buckets ("51-200") and plain numbers alike.
    company_size: { type: Schema.Types.Mixed, default: null },
    status: { type: String, required: true, default: 'new' },
    source: nullableString,
    owner_id: { type: Number, default: null },
    company_revenue: { type: Schema.Types.Mixed, default: null },
    job_level: nullableString,
    technologies: { type: [String], default: [] },
    social_profiles: { type: Schema.Types.Mixed, default: () => ({}) },
    custom_fields: { type: Schema.Types.Mixed, default: () => ({}) },
    score: { type: Number, default: 0 },
    score_breakdown: { type: Schema.Types.Mixed, default: () => ({}) },
    qualification_stage: { type: String, default: 'unqualified' },
    score_seq: { type: Number, default: 0 },
    score_id: { type: Number, default: null },
    // Settable on import (the lead's age is a scoring fact), so not mongoose's automatic createdAt.
    created_at: { type: Date, required: true, default: () => new Date() },
  },
  { versionKey: false, minimize: false, timestamps: { createdAt: false, updatedAt: 'updated_at' } },
);

/** Builds documents from the schema alone (never connected: nothing is read or written through it). */
const LeadShape = model<LeadDocument>('StoredLeadShape', leadSchema);

/**
 * A lead as the leads collection stores it, with every default the schema gives, for code that seeds the
 * collection straight with insertMany (benchmarks and tests seeding thousands of leads at once).
 */
export function storedLead(fields: Partial<LeadDocument> & { id: number }): LeadDocument {
  const { _id: _ignored, ...lead } = new LeadShape(fields).toObject() as LeadDocument & { _id?: unknown };
  // as the schema's timestamps would set it on a save, now
  return { ...lead, updated_at: fields.updated_at ?? new Date() };
}

leadSchema.index({ id: 1 }, { unique: true });
// The list endpoint's filters, each with the default newest-first order or a score range.
leadSchema.index({ status: 1, score: -1 });
leadSchema.index({ qualification_stage: 1, score: -1 });
leadSchema.index({ owner_id: 1, created_at: -1 });
leadSchema.index({ score: -1 });
leadSchema.index({ email: 1 });
