import type { FactRegistry, FieldProblem, ScoringSettings } from '@leadflow/domain';
import type { Bundle } from '../bundle';
import { validateAnyDocument } from '../detect-kind';
import { childPointer, problem, ProblemCode } from '../problems';
import type { DocumentKind } from '../schemas';
import { collectJsonFiles, readJsonFile } from './read-files';

export interface FileReport {
  file: string;
  kind: DocumentKind | undefined;
  problems: FieldProblem[];
}

/** Where an item of the merged bundle came from, so that lint pointers can be told per file. */
export interface Origin {
  file: string;
  pointer: string;
}

export interface LoadedRuleSet {
  files: FileReport[];
  /** every valid document of every file, merged; invalid files contribute nothing */
  bundle: Bundle;
  /** the same documents as written in the files (what the API stores and shows back), in the same order */
  documents: { [Section in keyof Bundle]: unknown[] };
  origins: { [Section in keyof Bundle]: Origin[] };
  /** the rule set's settings (score decay) when a file sets them: a settings file or a bundle's `settings` */
  settings?: ScoringSettings;
  ok: boolean;
}

/**
 * Reads and validates every JSON file under `paths` (single rules, criteria, workflows, settings or bundles)
 * and merges the valid ones into one bundle, as a rule set kept in git is spread over files.
 */
export function loadRuleSet(paths: readonly string[], registry: FactRegistry): LoadedRuleSet {
  const bundle: Bundle = { rules: [], criteria: [], workflows: [] };
  const origins: LoadedRuleSet['origins'] = { rules: [], criteria: [], workflows: [] };
  const documents: LoadedRuleSet['documents'] = { rules: [], criteria: [], workflows: [] };
  let settings: { value: ScoringSettings; file: string } | undefined;
  const files = collectJsonFiles(paths).map((file): FileReport => {
    const read = readJsonFile(file);
    if (!read.ok) return { file, kind: undefined, problems: [read.problem] };
    const validated = validateAnyDocument(read.value, registry);
    // A rule set has one set of settings: a second file setting them is an error, not a silent override.
    const setsSettings = (value: ScoringSettings, pointer: string): FieldProblem[] => {
      if (settings === undefined) {
        settings = { value, file };
        return [];
      }
      return [
        problem(pointer, ProblemCode.DUPLICATE_SETTINGS, `settings are already set by ${settings.file}`),
      ];
    };
    const extra: FieldProblem[] = [];
    if (validated.result.ok) {
      const at = (section: keyof Bundle, pointer: string, document: unknown = read.value) => {
        origins[section].push({ file, pointer });
        documents[section].push(document);
      };
      switch (validated.kind) {
        case 'scoring_rule':
          bundle.rules.push(validated.result.value);
          at('rules', '');
          break;
        case 'qualification_criterion':
          bundle.criteria.push(validated.result.value);
          at('criteria', '');
          break;
        case 'workflow':
          bundle.workflows.push(validated.result.value);
          at('workflows', '');
          break;
        case 'scoring_settings':
          extra.push(...setsSettings(validated.result.value, ''));
          break;
        case 'bundle':
          if (validated.result.value.settings)
            extra.push(...setsSettings(validated.result.value.settings, '/settings'));
          for (const section of ['rules', 'criteria', 'workflows'] as const) {
            const items = validated.result.value[section];
            (bundle[section] as unknown[]).push(...items);
            const sent = (read.value as Record<string, unknown[]>)[section] ?? [];
            items.forEach((_, index) => {
              at(section, childPointer(`/${section}`, index), sent[index]);
            });
          }
          break;
      }
    }
    return { file, kind: validated.kind, problems: [...validated.result.problems, ...extra] };
  });
  return {
    files,
    bundle,
    documents,
    origins,
    ...(settings ? { settings: settings.value } : {}),
    ok: files.every((report) => report.problems.length === 0),
  };
}

/** A pointer into the merged bundle ("/rules/7/points") -> the file and pointer it came from. */
export function originOf(loaded: LoadedRuleSet, pointer: string): Origin {
  const match = /^\/(rules|criteria|workflows)\/(\d+)(.*)$/.exec(pointer);
  const section = match?.[1] as keyof Bundle | undefined;
  const origin = section && loaded.origins[section][Number(match?.[2])];
  if (!origin) return { file: describeSources(loaded), pointer };
  return { file: origin.file, pointer: origin.pointer + (match?.[3] ?? '') };
}

function describeSources(loaded: LoadedRuleSet): string {
  return loaded.files.length === 1 && loaded.files[0] ? loaded.files[0].file : '(rule set)';
}
