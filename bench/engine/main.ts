import {
  DEFAULT_SCORING_SETTINGS,
  defaultFactRegistry,
  type Facts,
  type ScoringSettings,
} from '../../libs/domain/src';
import {
  compileRuleSet,
  createRuleSetEngine,
  scoreLead,
  scoreLeadWithEngine,
  scoreWithEngine,
  type CompiledRuleSet,
  type ScoreResult,
} from '../../libs/engine/src';
import { positiveInteger } from '../flags';
import { benchExplanations, type ExplainFigures } from './explain';
import { generateFacts, generateRules, seededRandom } from './generate';
import { measured, ratio, round } from './measure';

/**
 * Leads per second for rule sets of 10, 50 and 200 rules, three ways, on the same generated leads in one
 * run: json-rules-engine with a new Engine per lead, one reused Engine run sequentially, and the compiled
 * fast path; every json-rules-engine lead is also checked for differences. Then explanations two ways on a
 * subset: the fast path's trace mode and json-rules-engine's annotated conditions (explain.ts). Prints one
 * JSON object; each target says whether it was met, and a missed target makes the exit code 1.
 *
 * Options: `--leads N` (or BENCH_LEADS, default 100000); `--engine-leads N` (or BENCH_ENGINE_LEADS, default
 * the same as --leads: json-rules-engine over the same leads, about 10 minutes at 100,000 on 2 cores; pass a
 * smaller number for a quick run); `--explain-leads N` (or BENCH_EXPLAIN_LEADS, default 5000).
 * Imports are relative so that plain tsc output runs without a path-alias loader, e.g.:
 *   npx tsc -p tsconfig.json --noEmit false --outDir /tmp/lfb && npx tsc-alias -p tsconfig.json --outDir /tmp/lfb
 *   NODE_PATH=$PWD/node_modules node /tmp/lfb/bench/engine/main.js --leads 100000
 */

const RULE_SET_SIZES = [10, 50, 200] as const;
/** Caps tight enough to cut a good share of the generated leads; grades are on by default in both passes. */
const CAPPED_SETTINGS: ScoringSettings = {
  ...DEFAULT_SCORING_SETTINGS,
  caps: { categories: { behavioral: 30, engagement: 25 }, total: 90 },
};
const NOW = new Date('2025-11-12T10:30:00Z');

interface BenchOptions {
  leads: number;
  engineLeads: number;
  explainLeads: number;
}

function positiveIntegerOr(text: string | undefined, fallback: number, what: string): number {
  return text === undefined || text === '' ? fallback : positiveInteger(text, what);
}

function flagValue(argv: readonly string[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  return index >= 0
    ? argv[index + 1]
    : argv.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const leads = positiveIntegerOr(flagValue(argv, '--leads') ?? env['BENCH_LEADS'], 100_000, '--leads');
  const engineLeads = positiveIntegerOr(
    flagValue(argv, '--engine-leads') ?? env['BENCH_ENGINE_LEADS'],
    leads,
    '--engine-leads',
  );
  const explainLeads = positiveIntegerOr(
    flagValue(argv, '--explain-leads') ?? env['BENCH_EXPLAIN_LEADS'],
    5_000,
    '--explain-leads',
  );
  return {
    leads,
    engineLeads: Math.min(engineLeads, leads),
    explainLeads: Math.min(explainLeads, leads),
  };
}

async function newEnginePerLead(ruleSet: CompiledRuleSet, leads: readonly Facts[]): Promise<ScoreResult[]> {
  const results: ScoreResult[] = [];
  for (const facts of leads) results.push(await scoreLeadWithEngine(ruleSet, facts));
  return results;
}

async function reusedEngine(ruleSet: CompiledRuleSet, leads: readonly Facts[]): Promise<ScoreResult[]> {
  const engine = createRuleSetEngine(ruleSet);
  const results: ScoreResult[] = [];
  for (const facts of leads) results.push(await scoreWithEngine(engine, ruleSet, facts));
  return results;
}

/** Fast path; returns a checksum so the work cannot be optimized away. */
function fastPath(ruleSet: CompiledRuleSet, leads: readonly Facts[]): number {
  let checksum = 0;
  for (const facts of leads) checksum += scoreLead(ruleSet, facts).score;
  return checksum;
}

function differences(
  ruleSet: CompiledRuleSet,
  leads: readonly Facts[],
  reference: readonly ScoreResult[],
): number {
  return leads.filter(
    (facts, i) => JSON.stringify(scoreLead(ruleSet, facts)) !== JSON.stringify(reference[i]),
  ).length;
}

async function benchRuleSet(
  size: number,
  leads: readonly Facts[],
  engineLeads: readonly Facts[],
  explainLeads: readonly Facts[],
) {
  const registry = defaultFactRegistry();
  const ruleSet = compileRuleSet(`bench-${size}`, generateRules(seededRandom(size), size), registry);
  const warmUp = engineLeads.slice(0, Math.min(200, engineLeads.length));
  await newEnginePerLead(ruleSet, warmUp);
  await reusedEngine(ruleSet, warmUp);
  fastPath(ruleSet, leads.slice(0, 5_000));

  let startedAt = process.hrtime.bigint();
  const newEngineResults = await newEnginePerLead(ruleSet, engineLeads);
  const newEngine = measured(engineLeads.length, startedAt);

  startedAt = process.hrtime.bigint();
  const reusedResults = await reusedEngine(ruleSet, engineLeads);
  const reused = measured(engineLeads.length, startedAt);

  startedAt = process.hrtime.bigint();
  const checksum = fastPath(ruleSet, leads);
  const fast = measured(leads.length, startedAt);

  return {
    rules: size,
    active_rules: ruleSet.rules.length,
    with_caps_and_grades: await benchCapsAndGrades(size, leads, engineLeads),
    json_rules_engine_new_engine_per_lead: newEngine,
    json_rules_engine_reused_engine: reused,
    fast_path: fast,
    fast_path_vs_reused_engine: ratio(fast, reused),
    differences_vs_json_rules_engine:
      differences(ruleSet, engineLeads, newEngineResults) + differences(ruleSet, engineLeads, reusedResults),
    mean_score: round(checksum / leads.length, 2),
    explain: await benchExplanations(ruleSet, explainLeads),
  };
}

/**
 * The same leads with caps on (grades are on in both passes): the fast path's rate, and its differences
 * from json-rules-engine (a reused Engine) on the json-rules-engine leads, cut leads and grades included.
 */
async function benchCapsAndGrades(size: number, leads: readonly Facts[], engineLeads: readonly Facts[]) {
  const rules = generateRules(seededRandom(size), size);
  const ruleSet = compileRuleSet(`bench-${size}-capped`, rules, defaultFactRegistry(), CAPPED_SETTINGS);
  fastPath(ruleSet, leads.slice(0, 5_000));
  const startedAt = process.hrtime.bigint();
  fastPath(ruleSet, leads);
  const fast = measured(leads.length, startedAt);
  const reference = await reusedEngine(ruleSet, engineLeads);
  const grades: Record<string, number> = {};
  for (const result of reference) grades[String(result.grade)] = (grades[String(result.grade)] ?? 0) + 1;
  return {
    settings: { caps: CAPPED_SETTINGS.caps, grading: 'default' },
    fast_path: fast,
    differences_vs_json_rules_engine: differences(ruleSet, engineLeads, reference),
    share_of_leads_capped: round(
      reference.filter((result) => result.capped.length > 0).length / Math.max(1, reference.length),
      3,
    ),
    grades_of_json_rules_engine_leads: grades,
  };
}

const target = (wanted: number, measuredValue: number, met: boolean) => ({
  target: wanted,
  measured: measuredValue,
  met,
});

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2), process.env);
  const startedAt = process.hrtime.bigint();
  const leads = generateFacts(seededRandom(42), options.leads, defaultFactRegistry(), NOW);
  const engineLeads = leads.slice(0, options.engineLeads);
  const explainLeads = leads.slice(0, options.explainLeads);

  const ruleSets = [];
  for (const size of RULE_SET_SIZES)
    ruleSets.push(await benchRuleSet(size, leads, engineLeads, explainLeads));
  const at200 = ruleSets.find((set) => set.rules === 200);
  const speedUp = at200?.fast_path_vs_reused_engine ?? 0;
  const fastAt200 = at200?.fast_path.leads_per_second ?? 0;
  const cappedAt200 = at200?.with_caps_and_grades.fast_path.leads_per_second ?? 0;
  const differenceCount = ruleSets.reduce(
    (sum, set) =>
      sum +
      set.differences_vs_json_rules_engine +
      set.with_caps_and_grades.differences_vs_json_rules_engine +
      set.explain.differences.results +
      set.explain.differences.leaves,
    0,
  );
  const targets = {
    fast_path_vs_reused_engine_at_200_rules: target(50, speedUp, speedUp >= 50),
    fast_path_leads_per_second_at_200_rules: target(50_000, fastAt200, fastAt200 >= 50_000),
    fast_path_leads_per_second_at_200_rules_with_caps_and_grades: target(
      50_000,
      cappedAt200,
      cappedAt200 >= 50_000,
    ),
    // scoring on every json-rules-engine lead, and explanations (verdicts and every leaf both evaluated)
    zero_differences: target(0, differenceCount, differenceCount === 0),
  };

  const report = {
    benchmark: 'engine',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    leads: options.leads,
    json_rules_engine_leads: engineLeads.length,
    explain_leads: explainLeads.length,
    rule_sets: ruleSets,
    explanations: explanationChoice(at200?.explain),
    targets,
    // maxRSS is in kilobytes
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    total_seconds: round(Number(process.hrtime.bigint() - startedAt) / 1e9, 1),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const missed = Object.entries(targets).filter(([, figure]) => !figure.met);
  if (missed.length > 0) {
    process.stderr.write(`bench/engine: targets missed: ${missed.map(([name]) => name).join(', ')}\n`);
    process.exitCode = 1;
  }
}

/**
 * Why the engine explains with the closures' trace rather than json-rules-engine, from this run's figures
 * at 200 rules (score-lead.ts gives the reasoning; this shows it measured).
 */
function explanationChoice(figures: ExplainFigures | undefined) {
  if (!figures) return undefined;
  const { leaves } = figures;
  return {
    engine_explains_with: 'fast path trace (scoreLead with explain)',
    at_200_rules: {
      trace_vs_json_rules_engine: figures.trace_vs_json_rules_engine,
      share_of_leaves_json_rules_engine_leaves_unexplained:
        leaves.total === 0 ? 0 : round(leaves.without_result_from_json_rules_engine / leaves.total, 3),
      differences: figures.differences,
    },
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
