import {
  CATEGORIES,
  categoryCap,
  type FactRegistry,
  type FieldProblem,
  type ScoreCaps,
  type ScoringSettings,
} from '@leadflow/domain';
import type { Bundle } from '../bundle';
import { compileScoringRule } from '../compile';
import { childPointer } from '../problems';
import { closestMatch } from '../suggest';
import { isLeaf, isNestedRule, type DslNode, type ScoringRule } from '../types';
import { neverMatchReason } from './never-matches';
import { subsumedRules, type SingleLeafRule } from './subsumption';

export const LintCode = {
  RULE_POINTS_OVER_25: 'RULE_POINTS_OVER_25',
  MAX_SCORE_UNDER_100: 'MAX_SCORE_UNDER_100',
  RULE_NEVER_MATCHES: 'RULE_NEVER_MATCHES',
  DUPLICATE_RULE: 'DUPLICATE_RULE',
  SHADOWED_RULE: 'SHADOWED_RULE',
  /** one single-leaf rule matches only leads another already matches (`> 10` within `> 5`) */
  SUBSUMED_RULE: 'SUBSUMED_RULE',
  CATEGORY_WITHOUT_RULES: 'CATEGORY_WITHOUT_RULES',
  CRITERION_UNREACHABLE: 'CRITERION_UNREACHABLE',
  WORKFLOW_THRESHOLD_UNREACHABLE: 'WORKFLOW_THRESHOLD_UNREACHABLE',
  SUSPICIOUS_FACT_NAME: 'SUSPICIOUS_FACT_NAME',
  /** a cap keeps a rule from ever adding some or all of its points */
  RULE_CAPPED: 'RULE_CAPPED',
  /** a criterion asks for a grade, but the settings give no grades */
  CRITERION_GRADE_WITHOUT_GRADING: 'CRITERION_GRADE_WITHOUT_GRADING',
  /** grades are on, but no active rule counts toward them with positive points: no lead is ever graded */
  NO_FIT_RULES: 'NO_FIT_RULES',
} as const;
export type LintCode = (typeof LintCode)[keyof typeof LintCode];

/** A warning: the rule set is valid but probably not what its author meant. Same shape as a problem. */
export type LintWarning = FieldProblem & { code: LintCode };

/** The guide's "Best Practices": no single rule worth more than 25, total possible score above 100. */
const MAX_POINTS_PER_RULE = 25;
const SCORE_CEILING = 100;

/**
 * Warnings for a validated bundle (pointers into it). Rule-set-wide checks (max score, empty categories,
 * reachability) run only when the bundle has rules, so a file of workflows alone is not flagged. The
 * bundle's settings, when it has them, make caps count in reachability and name the rules a cap cuts.
 */
export function lintBundle(
  bundle: Bundle & { settings?: ScoringSettings | undefined },
  registry: FactRegistry,
): LintWarning[] {
  const caps = bundle.settings?.caps ?? null;
  const warnings: LintWarning[] = [];
  const warn = (pointer: string, code: LintCode, message: string) =>
    warnings.push({ pointer, code, message });
  const rulePointer = (index: number) => childPointer('/rules', index);

  const matchable = bundle.rules.map((rule, index) => {
    const reason = neverMatchReason(conditionTree(rule), registry);
    if (reason)
      warn(rulePointer(index), LintCode.RULE_NEVER_MATCHES, `"${rule.name}" can never match: ${reason}`);
    for (const { fact, pointer, suggestion } of suspiciousFacts(rule, registry)) {
      warn(
        `${rulePointer(index)}${pointer}`,
        LintCode.SUSPICIOUS_FACT_NAME,
        `"${fact}" counts activities of type "${fact.slice(0, -'_count'.length)}"; did you mean "${suggestion}"?`,
      );
    }
    if (Math.abs(rule.points) > MAX_POINTS_PER_RULE) {
      warn(
        `${rulePointer(index)}/points`,
        LintCode.RULE_POINTS_OVER_25,
        `"${rule.name}" is worth ${rule.points} points; keep single rules within ±${MAX_POINTS_PER_RULE}`,
      );
    }
    return reason === undefined;
  });
  lintSameConditions(bundle.rules, rulePointer, warn);
  const singleLeafRules = bundle.rules.flatMap((rule, index): SingleLeafRule[] => {
    const tree = conditionTree(rule);
    return rule.is_active && isLeaf(tree)
      ? [{ index, name: rule.name, points: rule.points, leaf: tree }]
      : [];
  });
  for (const { index, message } of subsumedRules(singleLeafRules, registry)) {
    warn(rulePointer(index), LintCode.SUBSUMED_RULE, message);
  }
  if (bundle.rules.length === 0) return warnings;

  const active = bundle.rules.filter((rule, index) => rule.is_active && matchable[index]);
  const maxPossible = cappedMaximum(active, caps);
  const reachable = Math.min(SCORE_CEILING, maxPossible);
  if (caps !== null) lintCappedRules(bundle.rules, caps, rulePointer, warn);
  if (bundle.settings?.grading === null) {
    bundle.criteria.forEach((criterion, index) => {
      if (criterion.is_active && criterion.minimum_grade) {
        warn(
          `${childPointer('/criteria', index)}/minimum_grade`,
          LintCode.CRITERION_GRADE_WITHOUT_GRADING,
          `stage "${criterion.stage}" needs grade ${criterion.minimum_grade}, but the settings give no grades`,
        );
      }
    });
  }
  if (
    bundle.settings?.grading !== null &&
    !active.some((rule) => rule.counts_toward_grade && rule.points > 0)
  ) {
    warn(
      '/rules',
      LintCode.NO_FIT_RULES,
      'no active rule counts toward the grade with positive points, so no lead gets a grade; mark the rules that measure profile fit with "counts_toward_grade": true',
    );
  }
  if (maxPossible < SCORE_CEILING) {
    warn(
      '/rules',
      LintCode.MAX_SCORE_UNDER_100,
      `active rules can award at most ${maxPossible} points${caps ? ' under the caps' : ''}, so no lead can reach ${SCORE_CEILING}`,
    );
  }
  for (const category of CATEGORIES) {
    if (!active.some((rule) => rule.rule_type === category)) {
      warn('/rules', LintCode.CATEGORY_WITHOUT_RULES, `no active rule scores the ${category} category`);
    }
  }
  bundle.criteria.forEach((criterion, index) => {
    if (criterion.is_active && criterion.minimum_score > reachable) {
      warn(
        `${childPointer('/criteria', index)}/minimum_score`,
        LintCode.CRITERION_UNREACHABLE,
        `stage "${criterion.stage}" needs ${criterion.minimum_score} but the rules can award at most ${reachable}${caps ? ' under the caps' : ''}`,
      );
    }
  });
  bundle.workflows.forEach((workflow, index) => {
    if (workflow.trigger_type !== 'score_threshold' || !('score' in workflow.trigger_config)) return;
    const threshold = workflow.trigger_config.score;
    const reason =
      threshold > reachable
        ? `the rules can award at most ${reachable}${caps ? ' under the caps' : ''}`
        : threshold === 0
          ? 'scores never go below 0, so the score can never cross 0 upwards'
          : undefined;
    if (reason) {
      warn(
        `${childPointer('/workflows', index)}/trigger_config/score`,
        LintCode.WORKFLOW_THRESHOLD_UNREACHABLE,
        `"${workflow.name}" waits for a score of ${threshold}, but ${reason}`,
      );
    }
  });
  return warnings;
}

/** The most the rules can award together: positive points per category, cut to its cap, then to the total cap. */
function cappedMaximum(rules: readonly ScoringRule[], caps: ScoreCaps | null): number {
  const perCategory = CATEGORIES.map((category) =>
    Math.min(
      categoryCap(caps, category),
      rules
        .filter((rule) => rule.rule_type === category)
        .reduce((sum, rule) => sum + Math.max(0, rule.points), 0),
    ),
  );
  const sum = perCategory.reduce((total, points) => total + points, 0);
  return caps?.total != null ? Math.min(caps.total, sum) : sum;
}

/** Active rules whose points a cap cuts on its own: all of them (cap 0), or the part above the cap. */
function lintCappedRules(
  rules: readonly ScoringRule[],
  caps: ScoreCaps,
  rulePointer: (index: number) => string,
  warn: (pointer: string, code: LintCode, message: string) => void,
): void {
  rules.forEach((rule, index) => {
    if (!rule.is_active || rule.points <= 0) return;
    const categoryLimit = categoryCap(caps, rule.rule_type);
    const [limit, scope] =
      caps.total !== null && caps.total < categoryLimit
        ? [caps.total, 'the total']
        : [categoryLimit, rule.rule_type];
    if (rule.points <= limit) return;
    warn(
      `${rulePointer(index)}/points`,
      LintCode.RULE_CAPPED,
      limit === 0
        ? `"${rule.name}" can never add points: ${scope} is capped at 0`
        : `"${rule.name}" is worth ${rule.points} but ${scope} is capped at ${limit}: ${rule.points - limit} of its points can never count`,
    );
  });
}

/**
 * Any `<type>_count` name is a valid fact (one per activity type), so a typo such as `email_opns_count` passes
 * validation and silently counts nothing; flag those that are a slip away from a registered fact.
 */
// tight on purpose: legitimate activity types (email_sent_count) sit a few edits from registered facts
const TYPO_DISTANCE = 2;

function suspiciousFacts(
  rule: ScoringRule,
  registry: FactRegistry,
): Array<{ fact: string; pointer: string; suggestion: string }> {
  const registered = registry.names();
  const found: Array<{ fact: string; pointer: string; suggestion: string }> = [];
  const visit = (node: DslNode, pointer: string, fieldKey: string): void => {
    if (isLeaf(node)) {
      const suggestion = registered.includes(node.field)
        ? undefined
        : closestMatch(node.field, registered, TYPO_DISTANCE);
      if (suggestion) found.push({ fact: node.field, pointer: `${pointer}/${fieldKey}`, suggestion });
    } else if ('not' in node) visit(node.not, `${pointer}/not`, 'field');
    else {
      const [key, children] = 'all' in node ? ['all', node.all] : ['any', node.any];
      children.forEach((child, index) => {
        visit(child, `${pointer}/${key}/${index}`, 'field');
      });
    }
  };
  if (isNestedRule(rule)) visit(rule.conditions, '/conditions', 'field');
  else visit(conditionTree(rule), '', 'field_name');
  return found;
}

function conditionTree(rule: ScoringRule): DslNode {
  if (isNestedRule(rule)) return rule.conditions;
  return { field: rule.field_name, operator: rule.operator, value: rule.value };
}

/** Rules with the same conditions always match together: a copy double-counts, a variant hides its twin. */
function lintSameConditions(
  rules: readonly ScoringRule[],
  rulePointer: (index: number) => string,
  warn: (pointer: string, code: LintCode, message: string) => void,
): void {
  const firstByConditions = new Map<string, number>();
  rules.forEach((rule, index) => {
    const key = canonicalJson(compileScoringRule(rule).conditions);
    const first = firstByConditions.get(key);
    if (first === undefined) {
      firstByConditions.set(key, index);
      return;
    }
    const original = rules[first];
    if (!original) return;
    if (original.points === rule.points && original.rule_type === rule.rule_type) {
      warn(
        rulePointer(index),
        LintCode.DUPLICATE_RULE,
        `"${rule.name}" repeats "${original.name}" (same conditions, points and category): a lead gets the points twice`,
      );
    } else {
      warn(
        rulePointer(index),
        LintCode.SHADOWED_RULE,
        `"${rule.name}" has the same conditions as "${original.name}"; the two always fire together, so one rule with the combined points says it plainer`,
      );
    }
  });
}

/**
 * Equal conditions give equal text: object keys sorted, the children of all/any sorted (their order does
 * not change the result), strings folded the way the operators fold them.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record)
      .sort()
      .map((key) => {
        const inner = record[key];
        const text =
          (key === 'all' || key === 'any') && Array.isArray(inner)
            ? `[${inner.map(canonicalJson).sort().join(',')}]`
            : canonicalJson(inner);
        return `${JSON.stringify(key)}:${text}`;
      });
    return `{${entries.join(',')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value.trim().toLowerCase()) : JSON.stringify(value);
}
