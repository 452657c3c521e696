import {
  type ActivityRecord,
  type FactRegistry,
  type LeadRecord,
  type ScoringRuleForEngine,
} from '@leadflow/domain';
import {
  compileRuleSet,
  qualifyInputs,
  scoreInputs,
  type ConditionTrace,
  type ScoreResult,
} from '@leadflow/engine';
import { ruleIdFromName, toEngineRule } from '../compile';
import { isRecord } from '../problems';
import type { ScoringRule } from '../types';
import { loadRuleSet } from './load-rule-set';
import { printJson, problemsInFiles, reportFailure, type CliIo, type OutputFormat } from './output';
import { readJsonFile, UsageError } from './read-files';

export interface ScoreCommandOptions {
  rules: string;
  lead: string;
  activities?: string;
  now?: string;
  explain?: boolean;
  format: OutputFormat;
}

/**
 * `leadflow score`: scores one lead with the engine's fast path, as the API would, and resolves its stage
 * when the rule files hold criteria. `--now` makes day-based facts reproducible.
 */
export function scoreCommand(options: ScoreCommandOptions, registry: FactRegistry, io: CliIo): number {
  const loaded = loadRuleSet([options.rules], registry);
  if (!loaded.ok) {
    reportFailure(io, options.format, problemsInFiles(loaded.files));
    return 1;
  }
  const now = parseNow(options.now);
  const { lead, inlineActivities } = readLead(options.lead);
  const activities = options.activities ? readActivities(options.activities) : inlineActivities;

  // The rule set's settings (score decay) when a file sets them; --now is the instant points are aged to.
  const ruleSet = compileRuleSet('cli', withUniqueIds(loaded.bundle.rules), registry, loaded.settings);
  const input = { lead, activities, now };
  const explain = { explain: options.explain === true };
  // Scored through the same function as the API's calculations, so the stage also weighs the grade.
  const { result, stage } =
    loaded.bundle.criteria.length > 0
      ? qualifyInputs(ruleSet, registry, loaded.bundle.criteria, input, explain)
      : { ...scoreInputs(ruleSet, registry, input, explain), stage: undefined };

  if (options.format === 'json') {
    printJson(io, {
      ok: true,
      ...result,
      ...(stage ? { qualification_stage: stage.stage, criteria: stage.criteria } : {}),
      now: now.toISOString(),
    });
  } else {
    io.stdout(renderText(result, stage?.stage));
  }
  return 0;
}

/** Rule ids are name slugs; two files may hold rules of the same name, so later ones get a suffix. */
function withUniqueIds(rules: readonly ScoringRule[]): ScoringRuleForEngine[] {
  const used = new Set<string>();
  return rules.map((rule) => {
    const base = ruleIdFromName(rule.name);
    let ruleId = base;
    for (let n = 2; used.has(ruleId); n++) ruleId = `${base}-${n}`;
    used.add(ruleId);
    return toEngineRule(rule, { ruleId });
  });
}

function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const now = new Date(text);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now is not an ISO-8601 date-time: ${text}`);
  return now;
}

function readLead(file: string): { lead: LeadRecord; inlineActivities: ActivityRecord[] } {
  const read = readJsonFile(file);
  if (!read.ok) throw new UsageError(`${file}: ${read.problem.message}`);
  if (!isRecord(read.value)) throw new UsageError(`${file}: a lead must be a JSON object`);
  const { activities, ...lead } = read.value;
  return {
    lead: lead,
    inlineActivities: activities === undefined ? [] : checkActivities(file, activities),
  };
}

function readActivities(file: string): ActivityRecord[] {
  const read = readJsonFile(file);
  if (!read.ok) throw new UsageError(`${file}: ${read.problem.message}`);
  return checkActivities(file, read.value);
}

function checkActivities(file: string, value: unknown): ActivityRecord[] {
  const valid =
    Array.isArray(value) &&
    value.every(
      (item) => isRecord(item) && typeof item.type === 'string' && typeof item.occurred_at === 'string',
    );
  if (!valid)
    throw new UsageError(
      `${file}: activities must be a list of {"type": "...", "occurred_at": "<ISO-8601>"}`,
    );
  return value as ActivityRecord[];
}

function renderText(result: ScoreResult, stage: string | undefined): string {
  const lines = [`score: ${result.score}`];
  if (stage !== undefined) lines.push(`stage: ${stage}`);
  lines.push(
    `breakdown: ${Object.entries(result.breakdown)
      .map(([category, points]) => `${category} ${points}`)
      .join(', ')}`,
  );
  lines.push(`matched: ${result.matched.length}`);
  for (const rule of result.matched)
    lines.push(`  ${signed(rule.points)} ${rule.name} (${rule.rule_id}, ${rule.category})${decayNote(rule)}`);
  if (result.explanation) {
    lines.push('explanation:');
    for (const rule of result.explanation) {
      lines.push(
        `  ${rule.matched ? 'matched' : 'no match'}: ${rule.name} (${rule.rule_id}, ${signed(rule.points)})`,
      );
      lines.push(...renderTrace(rule.condition, '    '));
    }
  }
  return `${lines.join('\n')}\n`;
}

function renderTrace(trace: ConditionTrace, indent: string): string[] {
  if ('group' in trace) {
    const children = trace.group === 'not' ? [trace.condition] : trace.conditions;
    return [
      `${indent}${trace.group} -> ${String(trace.result)}`,
      ...children.flatMap((child) => renderTrace(child, `${indent}  `)),
    ];
  }
  return [
    `${indent}${trace.fact} = ${JSON.stringify(trace.fact_value)} ${trace.operator} ${JSON.stringify(trace.expected)} -> ${String(trace.result)}`,
  ];
}

const signed = (points: number) => (points >= 0 ? `+${points}` : String(points));

function decayNote({ decay }: ScoreResult['matched'][number]): string {
  if (!decay) return '';
  const age = decay.age_days === null ? 'no dated activity' : `${decay.age_days} days old`;
  return ` decayed from ${signed(decay.original_points)} x ${Number(decay.decay_factor.toFixed(4))}, ${age}`;
}
