import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { ActivitiesRepository, type LeadOrderingField, LeadsRepository } from '@leadflow/persistence';
import { LeadChanges } from '@leadflow/qualification-runs';
import type { Page, PageWindow } from '../http/pagination';
import type { ActivityDto, CreateActivityDto } from './dto/activity.dto';
import type { CreateLeadDto, LeadDto, ReplaceLeadDto, UpdateLeadDto } from './dto/lead.dto';
import type { LeadListQueryDto } from './dto/lead-list-query.dto';
import { changedLeadFields, fullLeadFields, toActivityDto, toLeadDto } from './lead-mapping';
import { LeadRescoringService } from './lead-rescoring.service';

type Found<T> = Omit<Page<T>, 'next' | 'previous'>;

export function leadNotFound(id: number): DomainError {
  return new DomainError(ErrorCode.LEAD_NOT_FOUND, `Lead ${id} does not exist`);
}

/**
 * Leads and their activities; every change queues the lead's rescoring, and an edit to its fields is a
 * lead event for the field_update and other workflow triggers, decided in the same write.
 */
@Injectable()
export class LeadsService {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly activities: ActivitiesRepository,
    private readonly rescoring: LeadRescoringService,
    private readonly changes: LeadChanges,
  ) {}

  async create(body: CreateLeadDto): Promise<LeadDto> {
    const lead = await this.leads.create({
      ...fullLeadFields(body),
      ...(body.created_at !== undefined && { created_at: new Date(body.created_at) }),
    });
    await this.rescoring.enqueue([lead.id]);
    return toLeadDto(lead);
  }

  async list(query: LeadListQueryDto, window: PageWindow): Promise<Found<LeadDto>> {
    if (query.score_min !== undefined && query.score_max !== undefined && query.score_min > query.score_max) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'score_min must not exceed score_max', [
        { pointer: '/score_min', code: 'range', message: 'score_min must not exceed score_max' },
      ]);
    }
    const ordering = query.ordering ?? '-created_at';
    const found = await this.leads.list({
      status: query.status,
      qualification_stage: query.qualification_stage,
      grade: query.grade,
      outcome: query.outcome,
      minimum_grade: query.minimum_grade,
      owner_id: query.owner_id,
      score_min: query.score_min,
      score_max: query.score_max,
      search: query.search,
      ordering: {
        field: ordering.replace(/^-/, '') as LeadOrderingField,
        descending: ordering.startsWith('-'),
      },
      skip: window.skip,
      limit: window.limit,
    });
    return { count: found.count, results: found.results.map(toLeadDto) };
  }

  async get(id: number): Promise<LeadDto> {
    const lead = await this.leads.findById(id);
    if (!lead) throw leadNotFound(id);
    return toLeadDto(lead);
  }

  async replace(id: number, body: ReplaceLeadDto): Promise<LeadDto> {
    return this.update(id, fullLeadFields(body));
  }

  async patch(id: number, body: UpdateLeadDto): Promise<LeadDto> {
    return this.update(id, changedLeadFields(body));
  }

  async delete(id: number): Promise<void> {
    if (!(await this.leads.delete(id))) throw leadNotFound(id);
    await this.activities.deleteForLead(id);
    await this.rescoring.cancel(id);
  }

  async addActivity(leadId: number, body: CreateActivityDto): Promise<ActivityDto> {
    if (!(await this.leads.exists(leadId))) throw leadNotFound(leadId);
    const activity = await this.activities.create({
      lead_id: leadId,
      type: body.type,
      occurred_at: body.occurred_at === undefined ? new Date() : new Date(body.occurred_at),
      metadata: body.metadata ?? {},
    });
    // After the insert: a calculation that reads the new inputs version then finds the activity.
    await this.leads.touchInputs([leadId]);
    await this.rescoring.enqueue([leadId]);
    return toActivityDto(activity);
  }

  async listActivities(leadId: number, window: PageWindow): Promise<Found<ActivityDto>> {
    if (!(await this.leads.exists(leadId))) throw leadNotFound(leadId);
    const found = await this.activities.listForLead(leadId, window.skip, window.limit);
    return { count: found.count, results: found.results.map(toActivityDto) };
  }

  /** The edit and the workflow runs it fires, in one write (LeadChanges); then the lead's rescoring. */
  private async update(id: number, changes: Parameters<LeadsRepository['update']>[1]): Promise<LeadDto> {
    const changed = await this.changes.change(id, () => ({ set: changes, outcome: null }));
    if (!changed) throw leadNotFound(id);
    await this.rescoring.enqueue([id]);
    return toLeadDto(changed.after);
  }
}
