import type { ActivityDocument, LeadDocument, LeadFields } from '@leadflow/persistence';
import type { ActivityDto } from './dto/activity.dto';
import type { CreateLeadDto, LeadDto, ReplaceLeadDto, UpdateLeadDto } from './dto/lead.dto';

export function toLeadDto(lead: LeadDocument): LeadDto {
  return {
    id: lead.id,
    first_name: lead.first_name,
    last_name: lead.last_name,
    email: lead.email,
    phone: lead.phone,
    company: lead.company,
    title: lead.title,
    industry: lead.industry,
    company_size: lead.company_size,
    status: lead.status,
    source: lead.source,
    owner_id: lead.owner_id,
    company_revenue: lead.company_revenue,
    job_level: lead.job_level,
    technologies: lead.technologies,
    social_profiles: lead.social_profiles,
    custom_fields: lead.custom_fields,
    score: lead.score,
    score_breakdown: lead.score_breakdown,
    qualification_stage: lead.qualification_stage,
    grade: lead.grade ?? null,
    outcome: lead.outcome ?? null,
    outcome_at: lead.outcome_at ? lead.outcome_at.toISOString() : null,
    predicted_win_probability: lead.predicted_win_probability ?? null,
    prediction_model_version: lead.prediction_model_version ?? null,
    created_at: lead.created_at.toISOString(),
    updated_at: lead.updated_at.toISOString(),
  };
}

export function toActivityDto(activity: ActivityDocument): ActivityDto {
  return {
    id: activity.id,
    lead_id: activity.lead_id,
    type: activity.type,
    occurred_at: activity.occurred_at.toISOString(),
    metadata: activity.metadata,
    created_at: activity.created_at.toISOString(),
  };
}

/** Every writable field of a full document (create, PUT): what is not sent is empty. */
export function fullLeadFields(body: ReplaceLeadDto | CreateLeadDto): LeadFields {
  return {
    first_name: body.first_name ?? null,
    last_name: body.last_name ?? null,
    email: body.email,
    phone: body.phone ?? null,
    company: body.company ?? null,
    title: body.title ?? null,
    industry: body.industry ?? null,
    company_size: body.company_size ?? null,
    status: body.status ?? 'new',
    source: body.source ?? null,
    owner_id: body.owner_id ?? null,
    company_revenue: body.company_revenue ?? null,
    job_level: body.job_level ?? null,
    technologies: body.technologies ?? [],
    social_profiles: body.social_profiles ?? {},
    custom_fields: body.custom_fields ?? {},
  };
}

/** Only the fields a PATCH sends; an explicit null clears a nullable field. */
export function changedLeadFields(body: UpdateLeadDto): Partial<LeadFields> {
  const changes: Partial<LeadFields> = {};
  const assign = <K extends keyof LeadFields>(key: K, value: LeadFields[K] | undefined) => {
    if (value !== undefined) changes[key] = value;
  };
  assign('first_name', body.first_name);
  assign('last_name', body.last_name);
  assign('email', body.email);
  assign('phone', body.phone);
  assign('company', body.company);
  assign('title', body.title);
  assign('industry', body.industry);
  assign('company_size', body.company_size);
  assign('status', body.status);
  assign('source', body.source);
  assign('owner_id', body.owner_id);
  assign('company_revenue', body.company_revenue);
  assign('job_level', body.job_level);
  assign('technologies', body.technologies);
  assign('social_profiles', body.social_profiles);
  assign('custom_fields', body.custom_fields);
  return changes;
}
