import type { FactRegistry } from '@leadflow/domain';
import { type ApiTarget, requestJson } from './api-client';
import { loadRuleSet } from './load-rule-set';
import { type CliIo, type OutputFormat, printJson, problemsInFiles, reportFailure } from './output';

interface RuleFigures {
  name: string;
  current_points: number;
  suggested_points: number;
  matched: number;
  win_rate_matched: { rate: number };
  win_rate_unmatched: { rate: number };
  lift: { ratio: number; low: number; high: number | null } | null;
  no_evidence: boolean;
}

interface AnalyticsAnswer {
  sample: { decided: number; won: number; lost: number };
  rules: RuleFigures[];
  model: { held_out_auc: number | null } | null;
  quality: { auc: number | null; best_thresholds: { threshold: number; youden_j: number }[] };
}

const percent = (rate: number) => `${(100 * rate).toFixed(1)}%`;
const fixed = (value: number | null | undefined) => (value == null ? '-' : value.toFixed(2));

function ruleLine(rule: RuleFigures): string {
  const lift = rule.lift
    ? `lift ${fixed(rule.lift.ratio)} [${fixed(rule.lift.low)}, ${rule.lift.high === null ? 'inf' : fixed(rule.lift.high)}]`
    : 'lift -';
  const evidence = rule.no_evidence ? ' (no evidence)' : '';
  return (
    `${rule.name}: ${rule.current_points} -> suggested ${rule.suggested_points}; matched ${rule.matched}, ` +
    `win rate ${percent(rule.win_rate_matched.rate)} vs ${percent(rule.win_rate_unmatched.rate)}, ${lift}${evidence}`
  );
}

/**
 * `leadflow analyze <paths>`: the conversion analytics of a rule set kept in files, against the live won and
 * lost leads of an API (POST /api/lead-qualification/analytics/). Nothing is changed on the API; to take
 * suggestions, edit the files' points, then `leadflow plan` and `leadflow apply`.
 */
export async function analyzeCommand(
  paths: readonly string[],
  options: { target: ApiTarget; format: OutputFormat },
  registry: FactRegistry,
  io: CliIo,
): Promise<number> {
  const loaded = loadRuleSet(paths, registry);
  if (!loaded.ok) {
    reportFailure(io, options.format, problemsInFiles(loaded.files));
    return 1;
  }
  const draft = {
    kind: 'bundle',
    rules: loaded.documents.rules,
    ...(loaded.settings ? { settings: loaded.settings } : {}),
  };
  const answer = (await requestJson(
    options.target,
    'POST',
    '/lead-qualification/analytics/',
    draft,
  )) as AnalyticsAnswer;
  if (options.format === 'json') {
    printJson(io, { ok: true, ...answer });
    return 0;
  }
  const { decided, won, lost } = answer.sample;
  io.stdout(`${decided} decided leads (${won} won, ${lost} lost)\n`);
  for (const rule of answer.rules) io.stdout(`${ruleLine(rule)}\n`);
  const best = answer.quality.best_thresholds[0];
  io.stdout(
    `score AUC ${fixed(answer.quality.auc)}; model AUC on held-out leads ${fixed(answer.model?.held_out_auc)}; ` +
      `best threshold ${best ? `${best.threshold} (J ${fixed(best.youden_j)})` : '-'}\n`,
  );
  return 0;
}
