import type { ConditionTrace, LeadScore } from '../../api/types';

/** A rule's part in one change: its name, id and points (before and after when its points changed). */
export interface RulePart {
  ruleId: string;
  name: string;
  points: number;
}

/** What one recalculation changed since the one before it, as the score-change log says it. */
export interface ScoreChange {
  at: string;
  score: number;
  previousScore: number;
  /** rule-set version before and after, when it changed */
  version: { from: number; to: number } | null;
  stage: { from: string; to: string } | null;
  gained: RulePart[];
  lost: RulePart[];
  /** rules matched both times whose points changed (the rule was edited between the two) */
  repointed: { ruleId: string; name: string; from: number; to: number }[];
  /** facts the rules read whose values changed: "email_opens_count: 2 → 4" */
  inputs: { fact: string; from: unknown; to: unknown }[];
}

function leaves(trace: ConditionTrace, into: Map<string, unknown>): Map<string, unknown> {
  if ('fact' in trace) into.set(trace.fact, trace.fact_value);
  else if (trace.group === 'not') leaves(trace.condition, into);
  else for (const condition of trace.conditions) leaves(condition, into);
  return into;
}

/** The fact values a calculation's explanation shows its rules read. */
function factsRead(entry: LeadScore): Map<string, unknown> {
  const facts = new Map<string, unknown>();
  for (const rule of entry.explanation?.rules ?? []) leaves(rule.condition, facts);
  return facts;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The score-change log: each calculation against the one before it, newest first (as the API lists the
 * history). The oldest calculation is compared with nothing: all its rules count as gained.
 */
export function scoreChanges(history: readonly LeadScore[]): ScoreChange[] {
  return history.map((entry, index) => {
    const before = history[index + 1];
    const had = new Map((before?.matched_rules ?? []).map((rule) => [rule.rule_id, rule]));
    const has = new Map(entry.matched_rules.map((rule) => [rule.rule_id, rule]));
    const part = (rule: LeadScore['matched_rules'][number]): RulePart => ({
      ruleId: rule.rule_id,
      name: rule.name,
      points: rule.points,
    });
    const inputs: ScoreChange['inputs'] = [];
    if (before) {
      const then = factsRead(before);
      for (const [fact, value] of factsRead(entry)) {
        if (then.has(fact) && !same(then.get(fact), value))
          inputs.push({ fact, from: then.get(fact), to: value });
      }
    }
    return {
      at: entry.calculated_at,
      score: entry.score,
      previousScore: before?.score ?? entry.previous_score,
      version:
        before && before.rule_set_version !== entry.rule_set_version
          ? { from: before.rule_set_version, to: entry.rule_set_version }
          : null,
      stage:
        before && before.qualification_stage !== entry.qualification_stage
          ? { from: before.qualification_stage, to: entry.qualification_stage }
          : null,
      gained: entry.matched_rules.filter((rule) => !had.has(rule.rule_id)).map(part),
      lost: (before?.matched_rules ?? []).filter((rule) => !has.has(rule.rule_id)).map(part),
      repointed: entry.matched_rules.flatMap((rule) => {
        const old = had.get(rule.rule_id);
        return old && old.points !== rule.points
          ? [{ ruleId: rule.rule_id, name: rule.name, from: old.points, to: rule.points }]
          : [];
      }),
      inputs,
    };
  });
}

const signed = (points: number) => (points >= 0 ? `+${points}` : `−${Math.abs(points)}`);
const shown = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined ? 'nothing' : JSON.stringify(value);

/** The change in words, one phrase per reason: "+5 Email opens", "−10 Free mailbox (no longer)", … */
export function describeChange(change: ScoreChange): string[] {
  return [
    ...change.gained.map((rule) => `${signed(rule.points)} ${rule.name}`),
    ...change.lost.map((rule) => `${signed(-rule.points)} ${rule.name} (no longer matches)`),
    ...change.repointed.map((rule) => `${rule.name}: ${signed(rule.from)} → ${signed(rule.to)}`),
    ...change.inputs.map((input) => `${input.fact}: ${shown(input.from)} → ${shown(input.to)}`),
    ...(change.version ? [`rule-set version ${change.version.from} → ${change.version.to}`] : []),
    ...(change.stage ? [`stage ${change.stage.from} → ${change.stage.to}`] : []),
  ];
}
