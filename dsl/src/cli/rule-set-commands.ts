import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FactRegistry, ScoringSettings } from '@leadflow/domain';
import { ruleIdFromName } from '../compile';
import {
  BUNDLE_SECTIONS,
  type BundleSection,
  type KeptItem,
  type PlannedChange,
  type RuleSetApplyResult,
} from '../rule-set-plan';
import { ApiError, type ApiTarget, requestJson } from './api-client';
import { type LoadedRuleSet, loadRuleSet, originOf } from './load-rule-set';
import {
  type CliProblem,
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

/** How many deletions `apply` carries out without `--yes`, unless `--max-deletions` says otherwise. */
export const DEFAULT_MAX_DELETIONS = 10;

export interface PlanOrApplyOptions {
  target: ApiTarget;
  format: OutputFormat;
  dryRun: boolean;
  /** delete server items the folder leaves out, in the sections it holds */
  prune: boolean;
  /** apply: carry out any number of deletions */
  yes: boolean;
  maxDeletions: number;
}

/**
 * `leadflow plan <paths...>` (dryRun) and `leadflow apply <paths...>`: the files are validated here first
 * (exit 1 with every problem, nothing sent), then sent as one bundle of the sections the folder holds; the
 * API plans it against what it stores and, for apply, carries it out as one rule-set version. Deletions
 * happen only with `--prune`, and apply refuses more than `maxDeletions` of them without `--yes`.
 */
export async function planOrApplyCommand(
  paths: readonly string[],
  options: PlanOrApplyOptions,
  registry: FactRegistry,
  io: CliIo,
): Promise<number> {
  const loaded = loadRuleSet(paths, registry);
  if (!loaded.ok || loaded.nameClashes.length > 0) {
    reportFailure(io, options.format, problemsInFiles([...loaded.files, ...loaded.nameClashes]));
    if (options.format === 'text') io.stderr('invalid: nothing was sent to the API\n');
    return 1;
  }
  const bundle = {
    kind: 'bundle',
    ...Object.fromEntries(loaded.sections.map((section) => [section, loaded.documents[section]])),
    ...(loaded.settings ? { settings: loaded.settings } : {}),
  };
  const query = new URLSearchParams({
    ...(options.dryRun ? { dry_run: 'true' } : {}),
    ...(options.prune ? { prune: 'true' } : {}),
    ...(options.dryRun || options.yes ? {} : { max_deletions: String(options.maxDeletions) }),
  }).toString();
  let result: RuleSetApplyResult;
  try {
    result = (await requestJson(
      options.target,
      'POST',
      `${RULE_SETS}/apply/${query ? `?${query}` : ''}`,
      bundle,
    )) as RuleSetApplyResult;
  } catch (error) {
    if (!(error instanceof ApiError) || !error.problems.some((found) => found.pointer !== undefined)) {
      throw error;
    }
    // Problems inside the rule set's items are told where they were written: file and JSON pointer.
    reportFailure(
      io,
      options.format,
      error.problems.map((found) => inFile(loaded, found)),
    );
    if (options.format === 'text') io.stderr(`${error.message.split('\n')[0] ?? ''}\n`);
    return 1;
  }
  if (options.format === 'json') {
    printJson(io, { ok: true, ...result });
    return 0;
  }
  for (const change of result.changes) io.stdout(`${changeLine(change)}\n`);
  for (const item of result.kept) io.stdout(`${keptLine(item, loaded.sections)}\n`);
  if (result.settings)
    io.stdout(
      `~ update settings: decay ${describeDecay(result.settings.from)} -> ${describeDecay(result.settings.to)}\n`,
    );
  for (const warning of result.warnings) io.stdout(`${problemLine('(rule set)', warning, 'warning')}\n`);
  const { summary } = result;
  const kept = summary.kept > 0 ? `, ${summary.kept} not in folder (kept)` : '';
  if (result.changes.length === 0 && result.settings === null) {
    io.stdout(
      `No changes: the API's rule set matches (${plural(summary.unchanged, 'item')} unchanged${kept}).\n`,
    );
    return 0;
  }
  if (summary.delete > 0) io.stdout(`${deletionSummary(result.changes, options)}\n`);
  if (options.dryRun) {
    io.stdout(
      `Plan: ${summary.create} to create, ${summary.update} to update, ${summary.delete} to delete, ${summary.unchanged} unchanged${kept}.\n`,
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
  if (result.rescoring) {
    io.stdout(
      `Rescoring every lead with it: bulk job ${result.rescoring.job_id} (GET /api/lead-qualification/lead-scores/bulk_calculate/${result.rescoring.job_id}/).\n`,
    );
  }
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

/** A problem the API found in the bundle, at the file and pointer the item was written at. */
function inFile(loaded: LoadedRuleSet, found: ApiError['problems'][number]): CliProblem {
  const origin = originOf(loaded, found.pointer ?? '');
  return {
    file: origin.file,
    pointer: origin.pointer,
    code: found.code ?? 'API_ERROR',
    message: found.message ?? '',
  };
}

function keptLine(item: KeptItem, sections: readonly BundleSection[]): string {
  const why = sections.includes(item.section)
    ? '--prune deletes it'
    : `the folder holds no ${item.section}, so --prune leaves it too`;
  return `= keep ${item.section} "${item.name}" (id ${item.id}): not in folder (kept; ${why})`;
}

/** "! 3 to delete (rules: 2, criteria: 1)", and what apply will do about them. */
function deletionSummary(changes: readonly PlannedChange[], options: PlanOrApplyOptions): string {
  const deletions = changes.filter((change) => change.action === 'delete');
  const perSection = BUNDLE_SECTIONS.map(
    (section) => [section, deletions.filter((change) => change.section === section).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([section, count]) => `${section}: ${count}`)
    .join(', ');
  const guard =
    options.dryRun && deletions.length > options.maxDeletions
      ? `; apply will refuse more than ${options.maxDeletions} deletions without --yes`
      : '';
  return `! ${deletions.length} to delete (${perSection})${guard}`;
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
    // every section's folder, even empty: it tells plan --prune that the section is kept in this folder
    mkdirSync(join(dir, section), { recursive: true });
    for (const document of current[section]) {
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
