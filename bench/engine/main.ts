import { defaultFactRegistry, type Facts } from '../../libs/domain/src';
import {
  compileRuleSet,
  createRuleSetEngine,
  scoreLead,
  scoreLeadWithEngine,
  scoreWithEngine,
  type CompiledRuleSet,
  type ScoreResult,
} from '../../libs/engine/src';
import { generateFacts, generateRules, seededRandom } from './generate';

/**
 * Leads per second for rule sets of 10, 50 and 200 rules, three ways, on the same generated leads in one
 * run: json-rules-engine with a new Engine per lead, one reused Engine run sequentially, and the compiled
 * fast path. Prints one JSON object. json-rules-engine modes run on a subset (they are ~100x slower) so the
 * whole bench stays within a few minutes on 2 cores; every subset lead is also checked for differences.
 *
 * Options: `--leads N` (or BENCH_LEADS, default 100000), `--engine-leads N` (or BENCH_ENGINE_LEADS, default
 * 5000). Imports are relative so that plain tsc output runs without a path-alias loader, e.g.:
 *   npx tsc -p tsconfig.json --noEmit false --outDir /tmp/lfb && npx tsc-alias -p tsconfig.json --outDir /tmp/lfb
 *   NODE_PATH=$PWD/node_modules node /tmp/lfb/bench/engine/main.js --leads 100000
 */

const RULE_SET_SIZES = [10, 50, 200] as const;
const NOW = new Date('2025-11-12T10:30:00Z');

interface BenchOptions {
  leads: number;
  engineLeads: number;
}

function positiveInteger(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${what} must be a positive integer, got ${text}`);
  return value;
}

function flagValue(argv: readonly string[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  return index >= 0
    ? argv[index + 1]
    : argv.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const leads = positiveInteger(flagValue(argv, '--leads') ?? env['BENCH_LEADS'], 100_000, '--leads');
  const engineLeads = positiveInteger(
    flagValue(argv, '--engine-leads') ?? env['BENCH_ENGINE_LEADS'],
    5_000,
    '--engine-leads',
  );
  return { leads, engineLeads: Math.min(engineLeads, leads) };
}

interface Measurement {
  leads: number;
  seconds: number;
  leads_per_second: number;
}

function measured(leads: number, startedAt: bigint): Measurement {
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  return { leads, seconds: round(seconds, 3), leads_per_second: Math.round(leads / seconds) };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
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

async function benchRuleSet(size: number, leads: readonly Facts[], engineLeads: readonly Facts[]) {
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
    json_rules_engine_new_engine_per_lead: newEngine,
    json_rules_engine_reused_engine: reused,
    fast_path: fast,
    fast_path_vs_reused_engine: round(fast.leads_per_second / reused.leads_per_second, 1),
    differences_vs_json_rules_engine:
      differences(ruleSet, engineLeads, newEngineResults) + differences(ruleSet, engineLeads, reusedResults),
    mean_score: round(checksum / leads.length, 2),
  };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2), process.env);
  const startedAt = process.hrtime.bigint();
  const leads = generateFacts(seededRandom(42), options.leads, defaultFactRegistry(), NOW);
  const engineLeads = leads.slice(0, options.engineLeads);

  const ruleSets = [];
  for (const size of RULE_SET_SIZES) ruleSets.push(await benchRuleSet(size, leads, engineLeads));
  const at200 = ruleSets.find((set) => set.rules === 200);

  const report = {
    benchmark: 'engine',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    leads: options.leads,
    json_rules_engine_leads: engineLeads.length,
    rule_sets: ruleSets,
    targets: {
      fast_path_vs_reused_engine_at_200_rules: {
        target: 50,
        measured: at200?.fast_path_vs_reused_engine ?? 0,
      },
      fast_path_leads_per_second_at_200_rules: {
        target: 50_000,
        measured: at200?.fast_path.leads_per_second ?? 0,
      },
      zero_differences: ruleSets.every((set) => set.differences_vs_json_rules_engine === 0),
    },
    // maxRSS is in kilobytes
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    total_seconds: round(Number(process.hrtime.bigint() - startedAt) / 1e9, 1),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
