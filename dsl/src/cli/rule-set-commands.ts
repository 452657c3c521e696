import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FactRegistry, ScoringSettings } from '@leadflow/domain';
import { ruleIdFromName } from '../compile';
import {
  BUNDLE_SECTIONS,
  type BundleSection,
  type PlannedChange,
  type RuleSetApplyResult,
} from '../rule-set-plan';
import { type ApiTarget, requestJson } from './api-client';
import { loadRuleSet } from './load-rule-set';
import {
  plural,
  printJson,
  problemLine,
  problemsInFiles,
  reportFailure,
  type CliIo,
  type OutputFormat,
} from './output';
import { UsageError } from './read-files';

const RULE_SETS = '/lead-qualification/rule-sets';

/** Where `export` writes the settings, and the kind that file carries. */
const SETTINGS_FILE = 'settings.json';

/** The kind each exported file carries, so that a reader never has to guess it from the shape. */
const KIND_OF_SECTION: Record<BundleSection, string> = {
  rules: 'scoring_rule',
  criteria: 'qualification_criterion',
  workflows: 'workflow',
};

const SIGN = { create: '+', update: '~', delete: '-' } as const;

/**
 * `leadflow plan <paths...>` (dryRun) and `leadflow apply <paths...>`: the files are validated here first
 * (exit 1 with every problem, nothing sent), then sent as one bundle; the API plans it against what it
 * stores and, for apply, carries it out as one rule-set version.
 */
export async function planOrApplyCommand(
  paths: readonly string[],
  options: { target: ApiTarget; format: OutputFormat; dryRun: boolean },
  registry: FactRegistry,
  io: CliIo,
): Promise<number> {
  const loaded = loadRuleSet(paths, registry);
  if (!loaded.ok) {
    reportFailure(io, options.format, problemsInFiles(loaded.files));
    if (options.format === 'text') io.stderr('invalid: nothing was sent to the API\n');
    return 1;
  }
  const bundle = {
    kind: 'bundle',
    ...loaded.documents,
    ...(loaded.settings ? { settings: loaded.settings } : {}),
  };
  const query = options.dryRun ? '?dry_run=true' : '';
  const result = (await requestJson(
    options.target,
    'POST',
    `${RULE_SETS}/apply/${query}`,
    bundle,
  )) as RuleSetApplyResult;
  if (options.format === 'json') {
    printJson(io, { ok: true, ...result });
    return 0;
  }
  for (const change of result.changes) io.stdout(`${changeLine(change)}\n`);
  if (result.settings)
    io.stdout(
      `~ update settings: decay ${describeDecay(result.settings.from)} -> ${describeDecay(result.settings.to)}\n`,
    );
  for (const warning of result.warnings) io.stdout(`${problemLine('(rule set)', warning, 'warning')}\n`);
  const { summary } = result;
  if (result.changes.length === 0 && result.settings === null) {
    io.stdout(`No changes: the API's rule set matches (${plural(summary.unchanged, 'item')} unchanged).\n`);
    return 0;
  }
  if (options.dryRun) {
    io.stdout(
      `Plan: ${summary.create} to create, ${summary.update} to update, ${summary.delete} to delete, ${summary.unchanged} unchanged.\n`,
    );
    return 0;
  }
  const version =
    result.rule_set_version === null
      ? 'only workflows changed, so no new rule-set version'
      : `rule-set version ${result.rule_set_version}`;
  io.stdout(
    `Applied: ${summary.create} created, ${summary.update} updated, ${summary.delete} deleted, ${summary.unchanged} unchanged (${version}).\n`,
  );
  return 0;
}

function describeDecay({ decay }: ScoringSettings): string {
  if (decay === null) return 'off';
  const shape =
    decay.mode === 'half_life'
      ? `half-life ${decay.half_life_days} days`
      : `steps ${decay.steps.map((step) => `${step.keep_percent}% from day ${step.after_days}`).join(', ')}`;
  return `${shape} on ${decay.categories.join(', ')}`;
}

function changeLine(change: PlannedChange): string {
  const id = change.id === null ? '' : ` (id ${change.id})`;
  const fields = change.fields.length > 0 ? `: ${change.fields.join(', ')}` : '';
  return `${SIGN[change.action]} ${change.action} ${change.section} "${change.name}"${id}${fields}`;
}

/**
 * `leadflow export <dir>`: the API's rule set as one file per rule, criterion and workflow under
 * `<dir>/rules`, `<dir>/criteria` and `<dir>/workflows`, and its settings in `<dir>/settings.json`, in the
 * format plan and apply read back. A directory
 * that already holds exported files is refused unless `force`, which replaces them.
 */
export async function exportCommand(
  dir: string,
  options: { target: ApiTarget; format: OutputFormat; force: boolean },
  io: CliIo,
): Promise<number> {
  const current = (await requestJson(options.target, 'GET', `${RULE_SETS}/current/`)) as Record<
    BundleSection,
    Record<string, unknown>[]
  > & { settings?: ScoringSettings };
  const settingsFile = join(dir, SETTINGS_FILE);
  const existing = [
    ...BUNDLE_SECTIONS.flatMap((section) => jsonFilesIn(join(dir, section))),
    ...(existsSync(settingsFile) ? [settingsFile] : []),
  ];
  if (existing.length > 0 && !options.force) {
    throw new UsageError(
      `${dir} already holds ${plural(existing.length, 'exported file')}; pass --force to replace them`,
    );
  }
  for (const file of existing) rmSync(file);
  const written: string[] = [];
  for (const section of BUNDLE_SECTIONS) {
    const taken = new Set<string>();
    for (const document of current[section]) {
      mkdirSync(join(dir, section), { recursive: true });
      const file = join(dir, section, `${uniqueStem(String(document.name), taken)}.json`);
      const { kind: _kind, ...rest } = document;
      writeFileSync(file, `${JSON.stringify({ kind: KIND_OF_SECTION[section], ...rest }, null, 2)}\n`);
      written.push(file);
    }
  }
  if (current.settings) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      settingsFile,
      `${JSON.stringify({ kind: 'scoring_settings', ...current.settings }, null, 2)}\n`,
    );
    written.push(settingsFile);
  }
  if (options.format === 'json') printJson(io, { ok: true, files: written });
  else {
    for (const file of written) io.stdout(`${file}\n`);
    io.stdout(
      `Exported ${plural(current.rules.length, 'rule')}, ${current.criteria.length} criteria, ${plural(current.workflows.length, 'workflow')} to ${dir}.\n`,
    );
  }
  return 0;
}

function jsonFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((entry) => entry.endsWith('.json'))
    .map((entry) => join(dir, entry));
}

/** A file name from the item's name; two names with the same slug get -2, -3, ... */
function uniqueStem(name: string, taken: Set<string>): string {
  const slug = ruleIdFromName(name);
  let stem = slug;
  for (let n = 2; taken.has(stem); n++) stem = `${slug}-${n}`;
  taken.add(stem);
  return stem;
}
