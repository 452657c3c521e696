import { Injectable } from '@nestjs/common';
import {
  countsTowardGrade,
  DomainError,
  ErrorCode,
  type FieldProblem,
  type PointsDecay,
} from '@leadflow/domain';
import {
  compileScoringRule,
  lintBundle,
  type LintWarning,
  type ScoringRule,
  validateScoringRule,
  valueOrThrow,
} from '@leadflow/dsl';
import { compileRuleSet, type ConditionTrace, scoreInputs } from '@leadflow/engine';
import {
  type ScoringRuleFields,
  type ScoringRuleListQuery,
  type ScoringRuleRecord,
  ScoringRulesRepository,
} from '@leadflow/persistence';
import { ActiveRuleSet, LeadSource, RuleSetPublisher, ScoringService } from '@leadflow/scoring';
import { Published } from '../http/rescoring-header';

/** A stored rule as the API shows it: the document as sent (defaults filled in) plus id, compiled form, times. */
export type ScoringRuleView = Record<string, unknown> & { id: number };

export interface RuleValidationReport {
  valid: boolean;
  errors: FieldProblem[];
  warnings: LintWarning[];
  /** the json-rules-engine rule the document compiles to, when valid */
  compiled: unknown;
}

export interface RuleTestResult {
  rule: string;
  lead: string;
  points_awarded: number;
  rule_applied: boolean;
  explanation: ConditionTrace;
  /** when the rule set decays this rule's category and the rule applied: how its points decayed */
  decay?: PointsDecay;
}

const FLAT_FIELDS = ['field_name', 'operator', 'value'] as const;

export function toRuleView(record: ScoringRuleRecord): ScoringRuleView {
  const { id, source, definition, compiled, created_at, updated_at } = record;
  return {
    id,
    ...source,
    priority: definition.priority,
    is_active: definition.is_active,
    // rules stored before the flag existed lack it in their definition: their category decides
    counts_toward_grade: countsTowardGrade(record.rule_type, definition.counts_toward_grade as boolean),
    compiled,
    created_at,
    updated_at,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Scoring rules: validated by the DSL (every problem listed), stored with their source and compiled form;
 * every change publishes a new rule-set version.
 */
@Injectable()
export class ScoringRulesService {
  constructor(
    private readonly rules: ScoringRulesRepository,
    private readonly publisher: RuleSetPublisher,
    private readonly activeRuleSet: ActiveRuleSet,
    private readonly scoring: ScoringService,
    private readonly leads: LeadSource,
  ) {}

  private validate(document: unknown): ScoringRule {
    return valueOrThrow(
      validateScoringRule(document, this.activeRuleSet.registry),
      ErrorCode.RULE_INVALID,
      'scoring rule',
    );
  }

  private fieldsOf(source: Record<string, unknown>, rule: ScoringRule, ruleId: string): ScoringRuleFields {
    return {
      name: rule.name,
      rule_type: rule.rule_type,
      is_active: rule.is_active,
      priority: rule.priority,
      points: rule.points,
      source,
      definition: rule as unknown as Record<string, unknown>,
      compiled: compileScoringRule(rule, { ruleId }),
    };
  }

  async require(id: number): Promise<ScoringRuleRecord> {
    const rule = await this.rules.findById(id);
    if (!rule) throw new DomainError(ErrorCode.RULE_NOT_FOUND, `scoring rule ${id} does not exist`);
    return rule;
  }

  async create(document: unknown, createdBy: string | null): Promise<Published<ScoringRuleView>> {
    const created = await this.insert(document);
    const published = await this.publisher.publish(`scoring rule ${created.id} created`, createdBy);
    return new Published(toRuleView(created), published.rescoring);
  }

  /** Validates and stores a new rule without publishing a version: the caller publishes (once, for many). */
  async insert(document: unknown): Promise<ScoringRuleRecord> {
    const rule = this.validate(document);
    const source = document as Record<string, unknown>;
    // The compiled rule names its stored id, which exists only once the insert has taken one.
    const created = await this.rules.create(this.fieldsOf(source, rule, 'pending'));
    const stored = await this.rules.replace(created.id, this.fieldsOf(source, rule, String(created.id)));
    return stored ?? created;
  }

  list(query: ScoringRuleListQuery): Promise<{ count: number; results: ScoringRuleView[] }> {
    return this.rules.list(query).then(({ count, results }) => ({ count, results: results.map(toRuleView) }));
  }

  async get(id: number): Promise<ScoringRuleView> {
    return toRuleView(await this.require(id));
  }

  /** PUT: the document replaces the rule. */
  async replace(
    id: number,
    document: unknown,
    changedBy: string | null,
  ): Promise<Published<ScoringRuleView>> {
    await this.require(id);
    return this.store(id, document, changedBy);
  }

  /**
   * PATCH: the given fields over the stored document. Sending `conditions` switches a flat rule to the
   * nested form (and `field_name`/`operator`/`value` the other way), so the two forms never mix.
   */
  async patch(id: number, changes: unknown, changedBy: string | null): Promise<Published<ScoringRuleView>> {
    const existing = await this.require(id);
    if (!isRecord(changes)) return this.store(id, changes, changedBy);
    const switchesToNested = 'conditions' in changes;
    const switchesToFlat = !switchesToNested && FLAT_FIELDS.some((field) => field in changes);
    const base = Object.entries(existing.source).filter(([field]) => {
      if (switchesToNested) return !(FLAT_FIELDS as readonly string[]).includes(field);
      if (switchesToFlat) return field !== 'conditions';
      return true;
    });
    const merged = { ...Object.fromEntries(base), ...changes };
    return this.store(id, merged, changedBy);
  }

  private async store(
    id: number,
    document: unknown,
    changedBy: string | null,
  ): Promise<Published<ScoringRuleView>> {
    const stored = await this.write(id, document);
    const published = await this.publisher.publish(`scoring rule ${id} updated`, changedBy);
    return new Published(toRuleView(stored), published.rescoring);
  }

  /** Validates and replaces a rule without publishing a version: the caller publishes. */
  async write(id: number, document: unknown): Promise<ScoringRuleRecord> {
    const rule = this.validate(document);
    const stored = await this.rules.replace(
      id,
      this.fieldsOf(document as Record<string, unknown>, rule, String(id)),
    );
    if (!stored) throw new DomainError(ErrorCode.RULE_NOT_FOUND, `scoring rule ${id} does not exist`);
    return stored;
  }

  async delete(id: number, deletedBy: string | null): Promise<Published<void>> {
    await this.remove(id);
    const published = await this.publisher.publish(`scoring rule ${id} deleted`, deletedBy);
    return new Published(undefined, published.rescoring);
  }

  /** Deletes a rule without publishing a version: the caller publishes. */
  async remove(id: number): Promise<void> {
    if (!(await this.rules.delete(id))) {
      throw new DomainError(ErrorCode.RULE_NOT_FOUND, `scoring rule ${id} does not exist`);
    }
  }

  /**
   * Validates without saving. Warnings come from the linter run over the stored rules with this one added,
   * keeping those about this rule (pointer /rules/0) and about the set as a whole.
   */
  async check(document: unknown): Promise<RuleValidationReport> {
    const result = validateScoringRule(document, this.activeRuleSet.registry);
    if (!result.ok) return { valid: false, errors: result.problems, warnings: [], compiled: null };
    const context = await this.activeRuleSet.current();
    const stored = await this.rules.all();
    const others = stored
      .filter((rule) => rule.is_active)
      .map((rule) => rule.definition as unknown as ScoringRule);
    const warnings = lintBundle(
      {
        rules: [result.value, ...others],
        criteria: [...context.criteria],
        workflows: [],
        // so that a cap that cuts this rule is named too
        settings: context.ruleSet.settings,
      },
      this.activeRuleSet.registry,
    ).filter((warning) => !/^\/rules\/[1-9]/.test(warning.pointer));
    return { valid: true, errors: [], warnings, compiled: compileScoringRule(result.value) };
  }

  /** Evaluates one rule (active or not) against one lead, leaf by leaf; nothing is stored. */
  async test(id: number, leadId: number, now = new Date()): Promise<RuleTestResult> {
    return this.evaluate(await this.require(id), String(id), leadId, now);
  }

  /**
   * The same for a draft the editor holds: validated and compiled as a save would (400 listing every
   * problem), evaluated, and never stored.
   */
  async testDraft(document: unknown, leadId: number, now = new Date()): Promise<RuleTestResult> {
    const rule = this.validate(document);
    const draft = this.fieldsOf(document as Record<string, unknown>, rule, 'draft');
    return this.evaluate(draft, 'draft', leadId, now);
  }

  private async evaluate(
    record: Pick<ScoringRuleFields, 'name' | 'rule_type' | 'points' | 'priority' | 'compiled'>,
    ruleId: string,
    leadId: number,
    now: Date,
  ): Promise<RuleTestResult> {
    const lead = await this.scoring.requireLead(leadId);
    const [activities, current] = await Promise.all([
      this.leads.activitiesOf(leadId),
      this.activeRuleSet.current(),
    ]);
    const { registry } = this.activeRuleSet;
    // The current version's decay applies, so points_awarded is what a calculation would award now.
    const ruleSet = compileRuleSet(
      `test-${ruleId}`,
      [
        {
          rule_id: ruleId,
          name: record.name,
          category: record.rule_type,
          points: record.points,
          priority: record.priority,
          is_active: true,
          conditions: record.compiled.conditions,
        },
      ],
      registry,
      current.ruleSet.settings,
    );
    const { result } = scoreInputs(ruleSet, registry, { lead, activities, now }, { explain: true });
    const explained = result.explanation?.[0];
    if (!explained) throw new Error(`rule ${ruleId} was not evaluated`);
    const applied = explained.matched;
    return {
      rule: record.name,
      lead: typeof lead.company === 'string' ? lead.company : '',
      points_awarded: applied ? explained.points : 0,
      rule_applied: applied,
      explanation: explained.condition,
      ...(applied && explained.decay ? { decay: explained.decay } : {}),
    };
  }
}
