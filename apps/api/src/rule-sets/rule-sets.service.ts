import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type FactRegistry, type ScoringSettings } from '@leadflow/domain';
import {
  type Bundle,
  BUNDLE_SECTIONS,
  type BundleSection,
  lintBundle,
  type PlannedChange,
  type PlanScope,
  type RuleSetApplyResult,
  planRuleSet,
  type StoredRuleSet,
  settingsDocument,
  validateBundle,
  valueOrThrow,
} from '@leadflow/dsl';
import {
  LeadFacts,
  QualificationCriteriaRepository,
  ScoringRulesRepository,
  WorkflowDefinitionsRepository,
} from '@leadflow/persistence';
import { type PublishedVersion, RuleSetPublisher } from '@leadflow/scoring';
import { WorkflowDefinitionsService } from '@leadflow/qualification-runs';
import {
  criterionDocument,
  QualificationCriteriaService,
} from '../qualification-criteria/qualification-criteria.service';
import { ScoringRulesService } from '../scoring-rules/scoring-rules.service';
import { ScoringSettingsService } from '../scoring-settings/scoring-settings.service';

/** The bundle format that `leadflow export` writes and `plan`/`apply` read back. */
export type RuleSetExport = { kind: 'bundle'; settings: Partial<ScoringSettings> } & Record<
  BundleSection,
  Record<string, unknown>[]
>;

type RawBundle = Partial<Record<BundleSection, unknown[]>>;

export interface ApplyOptions {
  dryRun: boolean;
  /** delete stored items the bundle leaves out, in the sections it holds */
  prune: boolean;
  /** refuse (409, nothing written) an apply that would delete more items than this */
  maxDeletions?: number;
}

/** The sections a bundle holds (a key present), which are the only ones a prune may delete from. */
function sectionsOf(document: unknown): BundleSection[] {
  const record = typeof document === 'object' && document !== null ? document : {};
  return BUNDLE_SECTIONS.filter((section) => section in record);
}

/** Far above the bundle schema's 1,000 items per section, so a listing never cuts the stored set short. */
const ALL_WORKFLOWS = 100_000;

/**
 * A whole rule set (rules, criteria, workflows) at once, as a GitOps client keeps it: export what is stored,
 * plan what a bundle would change, apply it as one new rule-set version. Writes go through the services
 * each entity already has, with their validation; only the publishing is held back to the end.
 */
@Injectable()
export class RuleSetsService {
  constructor(
    private readonly facts: LeadFacts,
    private readonly rules: ScoringRulesRepository,
    private readonly criteria: QualificationCriteriaRepository,
    private readonly workflows: WorkflowDefinitionsRepository,
    private readonly ruleWriter: ScoringRulesService,
    private readonly criterionWriter: QualificationCriteriaService,
    private readonly workflowWriter: WorkflowDefinitionsService,
    private readonly publisher: RuleSetPublisher,
    private readonly settingsWriter: ScoringSettingsService,
  ) {}

  private get registry(): FactRegistry {
    return this.facts.registry;
  }

  async stored(): Promise<StoredRuleSet> {
    const [rules, criteria, workflows] = await Promise.all([
      this.rules.all(),
      this.criteria.all(),
      this.workflows.list({ skip: 0, limit: ALL_WORKFLOWS }),
    ]);
    const byId = <T extends { id: number }>(items: T[]) => [...items].sort((a, b) => a.id - b.id);
    return {
      rules: byId(rules).map((rule) => ({ id: rule.id, name: rule.name, document: rule.source })),
      criteria: byId(criteria).map((criterion) => ({
        id: criterion.id,
        name: criterion.name,
        document: criterionDocument(criterion),
      })),
      workflows: byId(workflows.results).map((workflow) => ({
        id: workflow.id,
        name: workflow.name,
        document: workflow.source,
      })),
    };
  }

  async export(): Promise<RuleSetExport> {
    const [stored, settings] = await Promise.all([this.stored(), this.settingsWriter.get()]);
    return {
      kind: 'bundle',
      settings: settingsDocument(settings),
      rules: stored.rules.map((item) => item.document),
      criteria: stored.criteria.map((item) => item.document),
      workflows: stored.workflows.map((item) => item.document),
    };
  }

  /**
   * Validates the bundle (400 listing every problem, before anything is written), plans it against what is
   * stored, and unless `dryRun` carries the plan out: deletes, updates, creates, then one rule-set version.
   */
  async apply(document: unknown, options: ApplyOptions, actor: string | null): Promise<RuleSetApplyResult> {
    const { dryRun } = options;
    const bundle = valueOrThrow(
      validateBundle(document, this.registry),
      ErrorCode.VALIDATION_FAILED,
      'bundle',
    );
    const scope: PlanScope = { prune: options.prune, sections: sectionsOf(document) };
    const plan = planRuleSet(bundle, await this.stored(), this.registry, scope);
    const count = (action: PlannedChange['action']) =>
      plan.changes.filter((change) => change.action === action).length;
    if (!dryRun && options.maxDeletions !== undefined && count('delete') > options.maxDeletions) {
      throw tooManyDeletions(count('delete'), options.maxDeletions);
    }
    const result: RuleSetApplyResult = {
      dry_run: dryRun,
      changes: plan.changes,
      summary: {
        create: count('create'),
        update: count('update'),
        delete: count('delete'),
        unchanged: BUNDLE_SECTIONS.reduce((sum, section) => sum + plan.unchanged[section], 0),
        kept: plan.kept.length,
      },
      kept: plan.kept,
      rescoring: null,
      rule_set_version: null,
      warnings: lintBundle(bundle, this.registry),
      // a bundle without settings leaves the stored ones alone
      settings: bundle.settings ? await this.settingsWriter.changeTo(bundle.settings) : null,
    };
    if (dryRun || (plan.changes.length === 0 && result.settings === null)) return result;
    const settings = result.settings ? bundle.settings : undefined;
    const published = await this.carryOut(plan.changes, document as RawBundle, bundle, settings, actor);
    result.rule_set_version = published?.version ?? null;
    result.rescoring = published?.rescoring ?? null;
    return result;
  }

  /**
   * Returns the published version (with its rescoring), or null when only workflows changed (they version
   * themselves). Changed
   * settings are stored first and published in the same version as the rules and criteria.
   */
  private async carryOut(
    changes: PlannedChange[],
    raw: RawBundle,
    bundle: Bundle,
    settings: ScoringSettings | undefined,
    actor: string | null,
  ): Promise<PublishedVersion | null> {
    const order: PlannedChange['action'][] = ['delete', 'update', 'create'];
    const ordered = order.flatMap((action) => changes.filter((change) => change.action === action));
    let written = false;
    let failure: Error | undefined;
    try {
      if (settings) {
        await this.settingsWriter.store(settings, actor);
        written = true;
      }
      for (const change of ordered) {
        // the document as sent is what gets stored (and shown back), as for a single POST or PUT
        const sent = change.index === null ? undefined : raw[change.section]?.[change.index];
        await this.write(change, sent);
        written ||= change.section !== 'workflows';
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    // Even when a write fails midway (a lost connection), the versions must describe what is stored.
    const reason = reasonOf(changes, bundle, settings !== undefined);
    const version = written ? await this.publisher.publish(reason, actor) : null;
    if (failure !== undefined) throw failure;
    return version;
  }

  private async write(change: PlannedChange, sent: unknown): Promise<void> {
    const writers = {
      rules: this.ruleWriter,
      criteria: this.criterionWriter,
      workflows: {
        insert: (document: unknown) => this.workflowWriter.create(document),
        write: (id: number, document: unknown) => this.workflowWriter.replace(id, document),
        remove: (id: number) => this.workflowWriter.delete(id),
      },
    };
    const writer = writers[change.section];
    if (change.action === 'create') await writer.insert(sent);
    else if (change.action === 'update') await writer.write(change.id as number, sent);
    else await writer.remove(change.id as number);
  }
}

function tooManyDeletions(count: number, allowed: number): DomainError {
  return new DomainError(
    ErrorCode.CONFLICT,
    `the apply would delete ${count} items, more than the ${allowed} allowed; nothing was written`,
    [
      {
        pointer: '',
        code: 'TOO_MANY_DELETIONS',
        message: `${count} deletions planned, at most ${allowed} allowed (max_deletions); review the plan, then confirm (leadflow apply --yes)`,
      },
    ],
  );
}

function reasonOf(changes: PlannedChange[], bundle: Bundle, settingsChanged: boolean): string {
  const tally = (['create', 'update', 'delete'] as const)
    .map((action) => {
      const n = changes.filter((change) => change.action === action && change.section !== 'workflows').length;
      return n > 0 ? `${n} ${action === 'create' ? 'created' : `${action}d`}` : '';
    })
    .concat(settingsChanged ? ['settings updated'] : [])
    .filter(Boolean)
    .join(', ');
  return `rule set applied (${bundle.rules.length} rules, ${bundle.criteria.length} criteria): ${tally}`;
}
