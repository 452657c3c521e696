import { Injectable } from '@nestjs/common';
import { countsTowardGrade } from '@leadflow/domain';
import {
  QualificationCriteriaRepository,
  type RuleSetVersionRecord,
  RuleSetVersionsRepository,
  ScoringRulesRepository,
  ScoringSettingsRepository,
  type VersionedCriterion,
  type VersionedRule,
} from '@leadflow/persistence';
import { PublishRescoring, type PublishRescoringRef } from './publish-rescoring';

/** A published version and the rescoring that will score every lead with it (null: setting off, Redis away). */
export type PublishedVersion = RuleSetVersionRecord & { rescoring: PublishRescoringRef | null };

/**
 * Publishes a new immutable rule-set version after any change to scoring rules, qualification criteria or
 * the scoring settings: a snapshot of every rule (compiled form and source), every criterion and the
 * settings (score decay) as they are now. Every version published here starts (or joins) a rescoring of every
 * lead, whichever door the change came through (an item endpoint, the settings, a whole-set apply).
 */
@Injectable()
export class RuleSetPublisher {
  constructor(
    private readonly rules: ScoringRulesRepository,
    private readonly criteria: QualificationCriteriaRepository,
    private readonly versions: RuleSetVersionsRepository,
    private readonly settings: ScoringSettingsRepository,
    private readonly rescoring: PublishRescoring,
  ) {}

  /** The snapshot is read after the version number is claimed (see RuleSetVersionsRepository.publish). */
  async publish(reason: string, createdBy: string | null = null): Promise<PublishedVersion> {
    const published = await this.versions.publish(() => this.snapshot(reason, createdBy));
    return { ...published, rescoring: await this.rescoring.afterPublish(published.version) };
  }

  private async snapshot(reason: string, createdBy: string | null) {
    const [rules, criteria, settings] = await Promise.all([
      this.rules.all(),
      this.criteria.all(),
      this.settings.current(),
    ]);
    const versionedRules: VersionedRule[] = rules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      rule_type: rule.rule_type,
      points: rule.points,
      priority: rule.priority,
      is_active: rule.is_active,
      // rules stored before the flag existed have none in their definition: their category decides
      counts_toward_grade: countsTowardGrade(rule.rule_type, rule.definition.counts_toward_grade as boolean),
      source: rule.source,
      compiled: rule.compiled,
    }));
    const versionedCriteria: VersionedCriterion[] = criteria.map((criterion) => ({
      id: criterion.id,
      name: criterion.name,
      stage: criterion.stage,
      minimum_score: criterion.minimum_score,
      required_fields: criterion.required_fields,
      required_actions: criterion.required_actions,
      time_constraint_days: criterion.time_constraint_days,
      is_active: criterion.is_active,
      ...(criterion.minimum_grade !== undefined ? { minimum_grade: criterion.minimum_grade } : {}),
      ...(criterion.description !== undefined ? { description: criterion.description } : {}),
      ...(criterion.custom_stage === true ? { custom_stage: true } : {}),
    }));
    return {
      rules: versionedRules,
      criteria: versionedCriteria,
      settings: { decay: settings.decay, caps: settings.caps, grading: settings.grading },
      reason,
      created_by: createdBy,
    };
  }
}
