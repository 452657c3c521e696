import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type FactRegistry,
  type FieldProblem,
  ITEM_NOUN,
  nameKey,
  type ScoringSettings,
} from '@leadflow/domain';
import type { Bundle } from '../bundle';
import { validateAnyDocument } from '../detect-kind';
import { childPointer, isRecord, problem, ProblemCode } from '../problems';
import { BUNDLE_SECTIONS, type BundleSection } from '../rule-set-plan';
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
  /**
   * The sections the files hold (a file of the kind, a bundle key, or a rules/, criteria/ or workflows/
   * folder, even empty): the only ones `--prune` may delete from.
   */
  sections: BundleSection[];
  /**
   * Items of different files with one name (ignoring case and surrounding spaces), reported on the later
   * file: an error for plan and apply (the API would refuse the set), a warning for validate, which also
   * reads folders of unrelated documents.
   */
  nameClashes: FileReport[];
  ok: boolean;
}

const SECTION_OF_KIND: Partial<Record<DocumentKind, BundleSection>> = {
  scoring_rule: 'rules',
  qualification_criterion: 'criteria',
  workflow: 'workflows',
};

/**
 * Reads and validates every JSON file under `paths` (single rules, criteria, workflows, settings or bundles)
 * and merges the valid ones into one bundle, as a rule set kept in git is spread over files.
 */
export function loadRuleSet(paths: readonly string[], registry: FactRegistry): LoadedRuleSet {
  const bundle: Bundle = { rules: [], criteria: [], workflows: [] };
  const origins: LoadedRuleSet['origins'] = { rules: [], criteria: [], workflows: [] };
  const documents: LoadedRuleSet['documents'] = { rules: [], criteria: [], workflows: [] };
  let settings: { value: ScoringSettings; file: string } | undefined;
  const sections = new Set<BundleSection>(sectionFolders(paths));
  const files = collectJsonFiles(paths).map((file): FileReport => {
    const read = readJsonFile(file);
    if (!read.ok) return { file, kind: undefined, problems: [read.problem] };
    const validated = validateAnyDocument(read.value, registry);
    const section = validated.kind && SECTION_OF_KIND[validated.kind];
    if (section) sections.add(section);
    if (validated.kind === 'bundle' && isRecord(read.value)) {
      for (const key of BUNDLE_SECTIONS) if (key in read.value) sections.add(key);
    }
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
  const nameClashes = namesAcrossFiles(documents, origins);
  return {
    files,
    bundle,
    documents,
    origins,
    ...(settings ? { settings: settings.value } : {}),
    sections: BUNDLE_SECTIONS.filter((section) => sections.has(section)),
    nameClashes,
    ok: files.every((report) => report.problems.length === 0),
  };
}

/** rules/, criteria/ and workflows/ folders directly under the directories given. */
function sectionFolders(paths: readonly string[]): BundleSection[] {
  const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();
  return BUNDLE_SECTIONS.filter((section) =>
    paths.some((path) => isDirectory(path) && isDirectory(join(path, section))),
  );
}

/**
 * Names are unique per section across the whole folder, as the API stores them: a second file using a name
 * (ignoring case and surrounding spaces) is reported in that file, naming the file that has it. Repeats
 * inside one bundle file are the bundle validator's to report.
 */
function namesAcrossFiles(
  documents: LoadedRuleSet['documents'],
  origins: LoadedRuleSet['origins'],
): FileReport[] {
  const clashes: FileReport[] = [];
  for (const section of BUNDLE_SECTIONS) {
    const first = new Map<string, Origin>();
    documents[section].forEach((document, index) => {
      const origin = origins[section][index];
      const name = isRecord(document) ? document.name : undefined;
      if (!origin || typeof name !== 'string') return;
      const holder = first.get(nameKey(name));
      if (!holder) {
        first.set(nameKey(name), origin);
        return;
      }
      if (holder.file === origin.file) return;
      const where = holder.pointer ? `${holder.file}:${holder.pointer}` : holder.file;
      clashes.push({
        file: origin.file,
        kind: undefined,
        problems: [
          problem(
            `${origin.pointer}/name`,
            ProblemCode.DUPLICATE_NAME,
            `name ${JSON.stringify(name)} is already used by the ${ITEM_NOUN[section]} in ${where}; names are unique per section, ignoring case and surrounding spaces`,
          ),
        ],
      });
    });
  }
  return clashes;
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
