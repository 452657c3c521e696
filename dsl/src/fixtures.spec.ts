import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decayPolicyProblems, defaultFactRegistry } from '@leadflow/domain';
import { compileScoringRule } from './compile';
import { validateAnyDocument } from './detect-kind';
import { compileWorkflow } from './workflow/compile-workflow';

const FIXTURES = join(__dirname, '..', 'fixtures');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const documentsIn = (folder: string) =>
  readdirSync(join(FIXTURES, folder))
    .filter((file) => file.endsWith('.json') && !file.endsWith('.expected.json'))
    .sort();

const registry = defaultFactRegistry();

describe('dsl/fixtures/valid', () => {
  const files = documentsIn('valid');

  it('holds the guide documents and more', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('%s validates and compiles', (file) => {
    const { kind, result } = validateAnyDocument(readJson(join(FIXTURES, 'valid', file)), registry);
    expect(result.problems).toEqual([]);
    if (!result.ok) return;
    switch (kind) {
      case 'scoring_rule':
        expect(compileScoringRule(result.value).event.type).toBe('score');
        break;
      case 'workflow':
        expect(compileWorkflow(result.value).steps.length).toBeGreaterThan(0);
        break;
      case 'bundle':
        result.value.rules.forEach((rule) => compileScoringRule(rule));
        result.value.workflows.forEach((workflow) => compileWorkflow(workflow));
        if (result.value.settings?.decay)
          expect(decayPolicyProblems(result.value.settings.decay, '/settings/decay')).toEqual([]);
        break;
      default:
        expect(kind).toBe('qualification_criterion');
    }
  });
});

describe('dsl/fixtures/invalid', () => {
  const files = documentsIn('invalid');

  it('holds at least 60 documents', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  const byPointerThenCode = (a: { pointer: string; code: string }, b: { pointer: string; code: string }) =>
    a.pointer.localeCompare(b.pointer) || a.code.localeCompare(b.code);

  it.each(files)('%s fails with exactly the problems in its .expected.json', (file) => {
    const expected = readJson(join(FIXTURES, 'invalid', file.replace(/\.json$/, '.expected.json'))) as Array<{
      pointer: string;
      code: string;
    }>;
    const { result } = validateAnyDocument(readJson(join(FIXTURES, 'invalid', file)), registry);
    expect(result.ok).toBe(false);
    const actual = result.problems.map(({ pointer, code }) => ({ pointer, code })).sort(byPointerThenCode);
    expect(actual).toEqual([...expected].sort(byPointerThenCode));
    for (const found of result.problems) expect(found.message.length).toBeGreaterThan(5);
  });
});
