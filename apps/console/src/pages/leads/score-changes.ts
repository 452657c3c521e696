import type { LeadScore } from '../../api/types';
import { describeInput, type InputChange, inputsBetween, type InputRecords } from './score-inputs';

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
  /** the lead's inputs recorded since the calculation before: activities, enriched fields, other writes */
  inputs: InputChange[];
}

/**
 * The score-change log: each calculation against the one before it, newest first (as the API lists the
 * history), with the inputs recorded in between. The oldest calculation is compared with nothing: all its
 * rules count as gained.
 */
export function scoreChanges(history: readonly LeadScore[], records: InputRecords): ScoreChange[] {
  return history.map((entry, index) => {
    const before = history[index + 1];
    const had = new Map((before?.matched_rules ?? []).map((rule) => [rule.rule_id, rule]));
    const has = new Map(entry.matched_rules.map((rule) => [rule.rule_id, rule]));
    const part = (rule: LeadScore['matched_rules'][number]): RulePart => ({
      ruleId: rule.rule_id,
      name: rule.name,
      points: rule.points,
    });
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
      inputs: before ? inputsBetween(before, entry, records) : [],
    };
  });
}

const signed = (points: number) => (points >= 0 ? `+${points}` : `−${Math.abs(points)}`);

/** The change in words, one phrase per reason: "+5 Email opens", "−10 Free mailbox (no longer)", … */
export function describeChange(change: ScoreChange): string[] {
  return [
    ...change.gained.map((rule) => `${signed(rule.points)} ${rule.name}`),
    ...change.lost.map((rule) => `${signed(-rule.points)} ${rule.name} (no longer matches)`),
    ...change.repointed.map((rule) => `${rule.name}: ${signed(rule.from)} → ${signed(rule.to)}`),
    ...change.inputs.map(describeInput),
    ...(change.version ? [`rule-set version ${change.version.from} → ${change.version.to}`] : []),
    ...(change.stage ? [`stage ${change.stage.from} → ${change.stage.to}`] : []),
  ];
}
