import type { FactRegistry } from '@leadflow/domain';
import { lintBundle } from '../lint/lint';
import { loadRuleSet, originOf } from './load-rule-set';
import { plural, printJson, problemLine, type CliIo, type OutputFormat } from './output';

/**
 * `leadflow validate <paths...>`: every problem of every file, then the linter's warnings over all the valid
 * documents taken together (the rule set). Exit 1 when any file has a problem; warnings alone exit 0.
 */
export function validateCommand(
  paths: readonly string[],
  format: OutputFormat,
  registry: FactRegistry,
  io: CliIo,
): number {
  const loaded = loadRuleSet(paths, registry);
  const warnings = [
    ...loaded.nameClashes.flatMap((report) =>
      report.problems.map((found) => ({ ...found, file: report.file })),
    ),
    ...lintBundle(loaded.bundle, registry).map((warning) => {
      const origin = originOf(loaded, warning.pointer);
      return { ...warning, file: origin.file, pointer: origin.pointer };
    }),
  ];
  const errorCount = loaded.files.reduce((sum, report) => sum + report.problems.length, 0);
  if (format === 'json') {
    printJson(io, {
      ok: loaded.ok,
      files: loaded.files.map((report) => ({ ...report, ok: report.problems.length === 0 })),
      warnings,
      summary: { files: loaded.files.length, errors: errorCount, warnings: warnings.length },
    });
  } else {
    for (const report of loaded.files) {
      for (const found of report.problems) io.stdout(`${problemLine(report.file, found, 'error')}\n`);
    }
    for (const warning of warnings) io.stdout(`${problemLine(warning.file, warning, 'warning')}\n`);
    const verdict = loaded.ok ? 'ok' : 'invalid';
    io.stdout(
      `${verdict}: ${plural(loaded.files.length, 'file')}, ${plural(errorCount, 'error')}, ${plural(warnings.length, 'warning')}\n`,
    );
  }
  return loaded.ok ? 0 : 1;
}
