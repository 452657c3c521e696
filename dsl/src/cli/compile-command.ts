import type { FactRegistry } from '@leadflow/domain';
import { compileScoringRule } from '../compile';
import { validateAnyDocument, type AnyDocumentResult } from '../detect-kind';
import { compileWorkflow } from '../workflow/compile-workflow';
import { printJson, problemsInFiles, reportFailure, type CliIo, type OutputFormat } from './output';
import { readJsonFile } from './read-files';

/**
 * `leadflow compile <file>`: a rule prints its json-rules-engine rule, a workflow its program, a bundle both
 * lists (criteria need no compiling and print normalized). Rule ids are slugs of the names, as in bundles.
 */
export function compileCommand(
  file: string,
  format: OutputFormat,
  registry: FactRegistry,
  io: CliIo,
): number {
  const read = readJsonFile(file);
  const validated: AnyDocumentResult = read.ok
    ? validateAnyDocument(read.value, registry)
    : { kind: undefined, result: { ok: false, problems: [read.problem] } };
  if (!validated.result.ok) {
    // The problems are what compile was asked for, so in text they go to stdout like `validate`'s.
    reportFailure(io, format, problemsInFiles([{ file, problems: validated.result.problems }]), 'stdout');
    return 1;
  }
  const compiled = compiledOutput(validated);
  printJson(io, format === 'json' ? { ok: true, file, kind: validated.kind, compiled } : compiled);
  return 0;
}

function compiledOutput(validated: AnyDocumentResult): unknown {
  if (!validated.result.ok) return undefined;
  switch (validated.kind) {
    case 'scoring_rule':
      return compileScoringRule(validated.result.value);
    case 'workflow':
      return compileWorkflow(validated.result.value);
    case 'qualification_criterion':
      return validated.result.value;
    case 'bundle': {
      const { rules, criteria, workflows } = validated.result.value;
      return {
        rules: rules.map((rule) => compileScoringRule(rule)),
        criteria,
        workflows: workflows.map((workflow) => compileWorkflow(workflow)),
      };
    }
    case undefined:
      return undefined;
  }
}
