import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ensureBuilt as ensureBuiltEntry } from '@leadflow/test-harness';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'leadflow.js');
const VALID = join(ROOT, 'dsl', 'fixtures', 'valid');
const INVALID = join(ROOT, 'dsl', 'fixtures', 'invalid');

function ensureBuilt(): void {
  ensureBuiltEntry(join('dist', 'dsl', 'src', 'cli', 'main.js'), [
    'dsl/src',
    'libs/domain/src',
    'libs/engine/src',
    'libs/config/src',
  ]);
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
// The CLI reads LEADFLOW_* from its environment; the tests say which ones it sees.
const BASE_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('LEADFLOW_')),
);
function leadflowWithEnv(env: Record<string, string>, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...BASE_ENV, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const leadflow = (...args: string[]): Run => leadflowWithEnv({}, ...args);

const GUIDE_RULES = [
  'rule-guide-1-target-industry.json',
  'rule-guide-2-company-size.json',
  'rule-guide-3-email-engaged.json',
  'rule-guide-4-recent-activity.json',
  'rule-guide-5-decision-maker.json',
];
const NOW = '2025-11-12T10:30:00Z';
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'leadflow-cli-'));
  const rules = join(work, 'guide-rules');
  mkdirSync(rules);
  for (const file of GUIDE_RULES) copyFileSync(join(VALID, file), join(rules, file));
  writeFileSync(
    join(work, 'lead.json'),
    JSON.stringify({
      id: 123,
      first_name: 'John',
      last_name: 'Doe',
      email: 'john@acme.io',
      company: 'Acme',
      phone: '+1 555 0100',
      title: 'Director of Engineering',
      industry: 'SaaS',
      company_size: '201-500',
      created_at: daysBefore(3),
    }),
  );
  writeFileSync(
    join(work, 'activities.json'),
    JSON.stringify(
      Array.from({ length: 5 }, (_, i) => ({ type: 'email_opened', occurred_at: daysBefore(i % 3) })),
    ),
  );
}, 120_000);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('leadflow validate', () => {
  it('exits 0 on the valid fixtures and prints the summary', () => {
    const run = leadflow('validate', VALID);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok: \d+ files, 0 errors, \d+ warnings?$/m);
  });

  it('exits 1 with one file:pointer: message line per problem', () => {
    const file = join(INVALID, 'rule-nested-three-problems.json');
    const run = leadflow('validate', file);
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        `${file}:/conditions/all/0/field: unknown fact "titel"; did you mean "title"? (UNKNOWN_FACT)`,
        expect.stringMatching(
          new RegExp(`^${file}:/conditions/all/1/operator: unknown operator "has".*\\(UNKNOWN_OPERATOR\\)$`),
        ),
        `${file}:/conditions/all/2/value: greater_than expects a number or an ISO-8601 date, got "lots" (VALUE_TYPE_MISMATCH)`,
      ]),
    );
    expect(lines.at(-1)).toBe('invalid: 1 file, 3 errors, 0 warnings');
  });

  it('prints linter warnings for the guide rule set but exits 0', () => {
    const run = leadflow('validate', join(work, 'guide-rules'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /: warning: active rules can award at most 70 points.*\(MAX_SCORE_UNDER_100\)$/m,
    );
  });

  it('reports every file of a directory of invalid documents, as JSON with --format json', () => {
    const run = leadflow('validate', '--format', 'json', INVALID);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      files: Array<{ ok: boolean; problems: unknown[] }>;
    };
    expect(report.ok).toBe(false);
    expect(report.files.length).toBeGreaterThanOrEqual(60);
    expect(report.files.every((file) => !file.ok && file.problems.length > 0)).toBe(true);
  });

  it('reports a file that is not JSON, and exits 2 on a path that does not exist', () => {
    const broken = join(work, 'broken.json');
    writeFileSync(broken, '{"name": ');
    const run = leadflow('validate', broken);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`${broken}:/: not valid JSON`);
    const missing = leadflow('validate', join(work, 'nope'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file or directory');
  });
});

describe('leadflow compile', () => {
  it('prints the json-rules-engine rule of a guide rule', () => {
    const run = leadflow('compile', join(VALID, 'rule-guide-3-email-engaged.json'));
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      name: 'Email Engaged',
      priority: 1,
      conditions: { all: [{ fact: 'email_opens_count', operator: 'greater_than', value: 3 }] },
      event: { type: 'score', params: { rule_id: 'email-engaged', category: 'behavioral', points: 10 } },
    });
  });

  it('prints a workflow program, wrapped with --format json', () => {
    const run = leadflow('compile', '--format', 'json', join(VALID, 'workflow-multi-step-hot-lead.json'));
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as {
      ok: boolean;
      kind: string;
      compiled: { steps: Array<{ id: string }> };
    };
    expect(output).toMatchObject({ ok: true, kind: 'workflow' });
    expect(output.compiled.steps.map((step) => step.id)).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('compiles a bundle and refuses an invalid document', () => {
    const bundle = leadflow('compile', join(VALID, 'bundle-guide.json'));
    expect(bundle.status).toBe(0);
    expect(Object.keys(JSON.parse(bundle.stdout) as object)).toEqual(['rules', 'criteria', 'workflows']);
    const invalid = leadflow('compile', join(INVALID, 'rule-malformed-json-list.json'));
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toMatch(
      /:\/value: value looks like JSON but does not parse.*\(MALFORMED_JSON_VALUE\)/,
    );
  });
});

describe('leadflow score', () => {
  const scoreArgs = () => [
    'score',
    '--rules',
    join(work, 'guide-rules'),
    '--lead',
    join(work, 'lead.json'),
    '--activities',
    join(work, 'activities.json'),
    '--now',
    NOW,
  ];

  it("scores the guide's example lead 70 (20 + 15 + 10 + 10 + 15)", () => {
    const run = leadflow(...scoreArgs());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('score: 70\n');
    expect(run.stdout).toContain('breakdown: demographic 15, behavioral 10, firmographic 35, engagement 10');
  });

  it('explains every rule and leaf with --explain --format json', () => {
    const run = leadflow(...scoreArgs(), '--explain', '--format', 'json');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as {
      score: number;
      matched: Array<{ rule_id: string; points: number }>;
      explanation: Array<{
        rule_id: string;
        matched: boolean;
        condition: { conditions: Array<{ fact: string; fact_value: unknown; result: boolean }> };
      }>;
    };
    expect(result.score).toBe(70);
    expect(result).toHaveProperty('ok', true);
    expect(result.matched.map((rule) => rule.points).sort()).toEqual([10, 10, 15, 15, 20]);
    expect(result.explanation).toHaveLength(5);
    const opens = result.explanation.find((rule) => rule.rule_id === 'email-engaged');
    expect(opens?.condition.conditions[0]).toMatchObject({
      fact: 'email_opens_count',
      fact_value: 5,
      result: true,
    });
  });

  it('explains in text too, and resolves the stage when criteria are given', () => {
    const rules = join(work, 'with-criteria');
    mkdirSync(rules, { recursive: true });
    for (const file of [...GUIDE_RULES, 'criterion-guide-mql.json'])
      copyFileSync(join(VALID, file), join(rules, file));
    const lead = join(work, 'lead-with-activities.json');
    const activities = [
      ...Array.from({ length: 5 }, () => ({ type: 'email_opened', occurred_at: daysBefore(1) })),
      { type: 'form_submitted', occurred_at: daysBefore(2) },
    ];
    writeFileSync(
      lead,
      JSON.stringify({
        title: 'Director of Engineering',
        industry: 'SaaS',
        company_size: '201-500',
        email: 'a@b.io',
        company: 'B',
        phone: '1',
        created_at: daysBefore(3),
        activities,
      }),
    );
    const run = leadflow('score', '--rules', rules, '--lead', lead, '--now', NOW, '--explain');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('stage: mql');
    expect(run.stdout).toMatch(
      /matched: Decision Maker \(decision-maker, \+15\)\n\s+all -> true\n\s+title = "Director of Engineering" contains "director" -> true/,
    );
  });

  it('exits 2 on a bad --now and 1 on an invalid rule set', () => {
    expect(leadflow(...scoreArgs().slice(0, -1), 'yesterday').status).toBe(2);
    const run = leadflow(
      'score',
      '--rules',
      join(INVALID, 'rule-unknown-fact.json'),
      '--lead',
      join(work, 'lead.json'),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('(UNKNOWN_FACT)');
  });
});

describe('--format json on every outcome', () => {
  interface Failure {
    ok: boolean;
    problems: Array<{ file?: string; pointer?: string; code: string; message: string }>;
  }
  /** The run failed with `code`, printing one JSON document on stdout and nothing on stderr. */
  const failure = (run: Run, code: number): Failure => {
    expect(run.status).toBe(code);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Failure;
    expect(report.ok).toBe(false);
    return report;
  };
  const lead = () => join(work, 'lead.json');

  it('score: an invalid rule set is {ok: false, problems} with file, pointer, code and message', () => {
    const rules = join(INVALID, 'rule-unknown-fact.json');
    const report = failure(leadflow('score', '--rules', rules, '--lead', lead(), '--format', 'json'), 1);
    expect(report.problems).toEqual([
      {
        file: rules,
        pointer: '/field_name',
        code: 'UNKNOWN_FACT',
        message: expect.stringContaining('unknown fact "industy"'),
      },
    ]);
  });

  it('compile: an invalid document has the same shape', () => {
    const file = join(INVALID, 'rule-unknown-fact.json');
    const report = failure(leadflow('compile', '--format=json', file), 1);
    expect(report.problems).toEqual([
      expect.objectContaining({ file, pointer: '/field_name', code: 'UNKNOWN_FACT' }),
    ]);
  });

  it('usage errors (bad --now, missing path, missing option) are JSON with exit 2', () => {
    const badNow = failure(
      leadflow(
        'score',
        '--rules',
        join(work, 'guide-rules'),
        '--lead',
        lead(),
        '--now',
        'yesterday',
        '--format',
        'json',
      ),
      2,
    );
    expect(badNow.problems).toEqual([
      { code: 'USAGE_ERROR', message: '--now is not an ISO-8601 date-time: yesterday' },
    ]);
    const missing = failure(leadflow('validate', '--format', 'json', join(work, 'nope')), 2);
    expect(missing.problems).toEqual([
      { code: 'USAGE_ERROR', message: `no such file or directory: ${join(work, 'nope')}` },
    ]);
    const noLead = failure(leadflow('score', '--format', 'json', '--rules', join(work, 'guide-rules')), 2);
    expect(noLead.problems).toEqual([
      { code: 'USAGE_ERROR', message: "required option '--lead <file>' not specified" },
    ]);
  });

  it('plan: invalid files and a missing API address are JSON too, and nothing is sent', () => {
    const file = join(INVALID, 'rule-unknown-fact.json');
    // port 9 (discard) on loopback: had the CLI sent anything, the report would be an API_ERROR
    const invalid = failure(leadflow('plan', file, '--api', 'http://127.0.0.1:9', '--format', 'json'), 1);
    expect(invalid.problems.map((found) => [found.file, found.code])).toEqual([[file, 'UNKNOWN_FACT']]);
    const noApi = failure(
      leadflow('plan', join(VALID, 'rule-guide-1-target-industry.json'), '--format', 'json'),
      2,
    );
    expect(noApi.problems).toEqual([
      {
        code: 'USAGE_ERROR',
        message: 'no API address: pass --api URL, set LEADFLOW_API_URL or run leadflow login',
      },
    ]);
  });

  it('text stays text: the same mistakes print one leadflow: line on stderr', () => {
    const run = leadflow('validate', join(work, 'nope'));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`leadflow: no such file or directory: ${join(work, 'nope')}\n`);
  });
});

describe('configuration from the environment', () => {
  const rules = () => join(VALID, 'rule-guide-1-target-industry.json');

  it('a malformed LEADFLOW_API_URL stops the CLI with exit 2 and one line naming it', () => {
    const run = leadflowWithEnv({ LEADFLOW_API_URL: 'localhost:3000' }, 'plan', rules());
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'leadflow: Invalid configuration: LEADFLOW_API_URL="localhost:3000" must be a URL starting with http:// or https://\n',
    );
    const json = leadflowWithEnv({ LEADFLOW_API_URL: 'localhost:3000' }, 'plan', rules(), '--format', 'json');
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      problems: [{ code: 'INVALID_CONFIGURATION', message: expect.stringContaining('LEADFLOW_API_URL=') }],
    });
  });

  it('a valid LEADFLOW_API_URL stands in for --api', () => {
    // port 9 (discard) on loopback refuses connections: the CLI got as far as calling the address it was given
    const run = leadflowWithEnv(
      { LEADFLOW_API_URL: 'http://127.0.0.1:9' },
      'plan',
      rules(),
      '--format',
      'json',
    );
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      problems: [
        { code: 'API_ERROR', message: expect.stringContaining('cannot reach http://127.0.0.1:9/api') },
      ],
    });
  });
});
