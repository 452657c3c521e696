import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFactRegistry } from '@leadflow/domain';
import { loadRuleSet } from './load-rule-set';
import { jsonSyntaxMessage } from '../json-syntax';
import { readJsonFile } from './read-files';
import { planOrApplyCommand } from './rule-set-commands';

const registry = defaultFactRegistry();
const rule = (name: string) => ({
  name,
  rule_type: 'demographic',
  field_name: 'title',
  operator: 'contains',
  value: 'director',
  points: 15,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadflow-files-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('rule-set folders as the CLI reads them', () => {
  it('gives a JSON syntax error its line and column', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "name": "Hot",\n  "points": 5\n  "rule_type": "demographic"\n}\n');
    const read = readJsonFile(file);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem.message).toMatch(/^not valid JSON at line 4, column 3: Expected ','/);
    expect(jsonSyntaxMessage('{"a": ', new SyntaxError('Unexpected end of JSON input'))).toBe(
      'not valid JSON at line 1, column 7: Unexpected end of JSON input',
    );
  });

  it('finds a name used by two files (any case), naming both files; plan refuses before calling the API', async () => {
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'a.json'), JSON.stringify(rule('Decision Maker')));
    writeFileSync(join(dir, 'rules', 'b.json'), JSON.stringify(rule(' decision maker')));
    const loaded = loadRuleSet([dir], registry);
    expect(loaded.sections).toEqual(['rules']);
    expect(loaded.nameClashes).toEqual([
      {
        file: join(dir, 'rules', 'b.json'),
        kind: undefined,
        problems: [
          expect.objectContaining({
            pointer: '/name',
            code: 'DUPLICATE_NAME',
            message: expect.stringContaining(`scoring rule in ${join(dir, 'rules', 'a.json')}`),
          }),
        ],
      },
    ]);
    let stderr = '';
    const code = await planOrApplyCommand(
      [dir],
      {
        // nothing listens here: a request would fail with "cannot reach", not with the clash
        target: { base: 'http://127.0.0.1:9/api', headers: {} },
        format: 'text',
        dryRun: true,
        prune: false,
        yes: false,
        maxDeletions: 10,
      },
      registry,
      { stdout: () => undefined, stderr: (text) => (stderr += text) },
    );
    expect(code).toBe(1);
    expect(stderr).toContain('b.json:/name: name " decision maker" is already used by');
    expect(stderr).toContain('nothing was sent to the API');
  });

  it('counts a section folder as held even when empty, and a bundle by its keys', () => {
    mkdirSync(join(dir, 'workflows'));
    writeFileSync(join(dir, 'set.json'), JSON.stringify({ kind: 'bundle', criteria: [] }));
    expect(loadRuleSet([dir], registry).sections).toEqual(['criteria', 'workflows']);
  });
});
