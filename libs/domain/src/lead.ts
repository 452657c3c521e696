/** A lead as the scoring code sees it: stored fields, enrichment fields and free custom fields. */
export interface LeadRecord {
  id?: number;
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  title?: string | null;
  industry?: string | null;
  company_size?: string | number | null;
  status?: string | null;
  source?: string | null;
  owner_id?: number | null;
  /** ISO-8601 string or Date. */
  created_at?: string | Date | null;
  company_revenue?: string | number | null;
  job_level?: string | null;
  technologies?: string[] | null;
  social_profiles?: Record<string, string> | null;
  custom_fields?: Record<string, unknown> | null;
  [field: string]: unknown;
}

/** Something the lead did. `type` is a free snake_case string (email_opened, form_submitted, ...). */
export interface ActivityRecord {
  type: string;
  /** ISO-8601 string or Date. */
  occurred_at: string | Date;
  metadata?: Record<string, unknown>;
}

/** The flat bag of facts a rule is evaluated against: field name -> value (undefined or null = missing). */
export type Facts = Readonly<Record<string, unknown>>;
