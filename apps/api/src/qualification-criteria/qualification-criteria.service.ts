import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { validateQualificationCriterion, valueOrThrow } from '@leadflow/dsl';
import {
  QualificationCriteriaRepository,
  type QualificationCriterionFields,
  type QualificationCriterionRecord,
} from '@leadflow/persistence';
import { ActiveRuleSet, RuleSetPublisher } from '@leadflow/scoring';
import { Published } from '../http/rescoring-header';

export type QualificationCriterionView = Omit<QualificationCriterionRecord, 'name_key'>;

function toView(record: QualificationCriterionRecord): QualificationCriterionView {
  const {
    id,
    name,
    stage,
    minimum_score,
    required_fields,
    required_actions,
    time_constraint_days,
    is_active,
  } = record;
  return {
    id,
    name,
    stage,
    minimum_score,
    required_fields,
    required_actions,
    time_constraint_days,
    is_active,
    ...(record.minimum_grade !== undefined ? { minimum_grade: record.minimum_grade } : {}),
    ...(record.description !== undefined ? { description: record.description } : {}),
    ...(record.custom_stage === true ? { custom_stage: true } : {}),
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
}

/** A stored criterion as its DSL document (what PATCH merges into, what a rule-set export writes). */
export function criterionDocument(record: QualificationCriterionRecord): Record<string, unknown> {
  const { id: _id, created_at: _created, updated_at: _updated, ...document } = toView(record);
  return document;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Qualification criteria, validated by the DSL; every change publishes a new rule-set version. */
@Injectable()
export class QualificationCriteriaService {
  constructor(
    private readonly criteria: QualificationCriteriaRepository,
    private readonly publisher: RuleSetPublisher,
    private readonly activeRuleSet: ActiveRuleSet,
  ) {}

  private validate(document: unknown): QualificationCriterionFields {
    const criterion = valueOrThrow(
      validateQualificationCriterion(document, this.activeRuleSet.registry),
      ErrorCode.VALIDATION_FAILED,
      'qualification criterion',
    );
    return {
      name: criterion.name,
      stage: criterion.stage,
      minimum_score: criterion.minimum_score,
      required_fields: [...criterion.required_fields],
      required_actions: [...criterion.required_actions],
      time_constraint_days: criterion.time_constraint_days,
      is_active: criterion.is_active,
      ...(criterion.minimum_grade ? { minimum_grade: criterion.minimum_grade } : {}),
      ...(criterion.description !== undefined ? { description: criterion.description } : {}),
      ...(criterion.custom_stage === true ? { custom_stage: true } : {}),
    };
  }

  private async require(id: number): Promise<QualificationCriterionRecord> {
    const found = await this.criteria.findById(id);
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, `qualification criterion ${id} does not exist`);
    return found;
  }

  async create(document: unknown, createdBy: string | null): Promise<Published<QualificationCriterionView>> {
    const created = await this.insert(document);
    const published = await this.publisher.publish(
      `qualification criterion ${created.id} created`,
      createdBy,
    );
    return new Published(toView(created), published.rescoring);
  }

  /** Validates and stores a criterion without publishing a version: the caller publishes. */
  insert(document: unknown): Promise<QualificationCriterionRecord> {
    return this.criteria.create(this.validate(document));
  }

  async list(skip: number, limit: number): Promise<{ count: number; results: QualificationCriterionView[] }> {
    const found = await this.criteria.list(skip, limit);
    return { count: found.count, results: found.results.map(toView) };
  }

  async get(id: number): Promise<QualificationCriterionView> {
    return toView(await this.require(id));
  }

  async replace(
    id: number,
    document: unknown,
    changedBy: string | null,
  ): Promise<Published<QualificationCriterionView>> {
    await this.require(id);
    return this.store(id, this.validate(document), changedBy);
  }

  async patch(
    id: number,
    changes: unknown,
    changedBy: string | null,
  ): Promise<Published<QualificationCriterionView>> {
    const document = criterionDocument(await this.require(id));
    const merged = isRecord(changes) ? { ...document, ...changes } : changes;
    return this.store(id, this.validate(merged), changedBy);
  }

  private async store(
    id: number,
    fields: QualificationCriterionFields,
    changedBy: string | null,
  ): Promise<Published<QualificationCriterionView>> {
    const stored = await this.criteria.replace(id, fields);
    if (!stored) throw new DomainError(ErrorCode.NOT_FOUND, `qualification criterion ${id} does not exist`);
    const published = await this.publisher.publish(`qualification criterion ${id} updated`, changedBy);
    return new Published(toView(stored), published.rescoring);
  }

  /** Validates and replaces a criterion without publishing a version: the caller publishes. */
  async write(id: number, document: unknown): Promise<QualificationCriterionRecord> {
    const stored = await this.criteria.replace(id, this.validate(document));
    if (!stored) throw new DomainError(ErrorCode.NOT_FOUND, `qualification criterion ${id} does not exist`);
    return stored;
  }

  async delete(id: number, deletedBy: string | null): Promise<Published<void>> {
    await this.remove(id);
    const published = await this.publisher.publish(`qualification criterion ${id} deleted`, deletedBy);
    return new Published(undefined, published.rescoring);
  }

  /** Deletes a criterion without publishing a version: the caller publishes. */
  async remove(id: number): Promise<void> {
    if (!(await this.criteria.delete(id))) {
      throw new DomainError(ErrorCode.NOT_FOUND, `qualification criterion ${id} does not exist`);
    }
  }
}
