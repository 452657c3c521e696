import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { connectMongo } from '@leadflow/persistence';
import { callApi, createTestContext, ensureBuilt, loginAs, repoRoot } from '@leadflow/test-harness';
import { startApi } from '../harness/api';

const API = '/api/lead-qualification';
const BIN = join(repoRoot, 'bin', 'leadflow.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI as users run it, asynchronously: the API under test answers from this same process. */
function leadflow(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('leadflow export / plan / apply against a running API', () => {
  const { config } = createTestContext();
  let app: INestApplication | undefined;
  let base: string;
  let editor: Record<string, string>;
  let env: Record<string, string>;
  let dir: string;

  const versionCount = async (): Promise<number> =>
    (await callApi(base, 'GET', `${API}/scoring-rules/versions/`, editor)).body.count as number;

  beforeAll(async () => {
    ensureBuilt('dist/dsl/src/cli/main.js', ['dsl/src', 'libs/domain/src', 'libs/engine/src']);
    [app, base, editor] = await startApi(config, 'editor');
    env = { LEADFLOW_TOKEN: editor.authorization!.replace(/^Bearer /, '') };
    dir = mkdtempSync(join(tmpdir(), 'leadflow-gitops-'));
    const seed: [string, unknown][] = [
      [
        'scoring-rules',
        {
          name: 'Target Industry',
          rule_type: 'firmographic',
          field_name: 'industry',
          operator: 'in_list',
          value: '["SaaS", "Enterprise Software"]',
          points: 20,
        },
      ],
      [
        'scoring-rules',
        {
          name: 'Email Engaged',
          rule_type: 'behavioral',
          field_name: 'email_opens_count',
          operator: 'greater_than',
          value: '3',
          points: 10,
        },
      ],
      [
        'qualification-criteria',
        {
          name: 'Marketing Qualified Lead',
          stage: 'mql',
          minimum_score: 40,
          required_fields: ['email', 'company', 'phone'],
          required_actions: ['email_opened', 'form_submitted'],
          time_constraint_days: 90,
          is_active: true,
        },
      ],
      [
        'workflows',
        {
          name: 'Notify on hot lead',
          trigger_type: 'score_threshold',
          trigger_config: { score: 80 },
          action_type: 'send_notification',
          action_config: { message: 'Hot lead! Score increased to 80+' },
          is_active: true,
        },
      ],
    ];
    for (const [path, body] of seed) {
      const created = await callApi(base, 'POST', `${API}/${path}/`, editor, body);
      if (created.status !== 201) throw new Error(`seeding ${path}: ${JSON.stringify(created.body)}`);
    }
    // building the CLI, when its build is stale, takes a few minutes on a busy machine
  }, 300_000);

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await app?.close();
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it('exports the stored set as one file per item, with an API key too, and plans no change for it', async () => {
    const admin = await loginAs(base, 'admin');
    const key = (await callApi(base, 'POST', '/api/api-keys/', admin, { name: 'gitops', role: 'editor' }))
      .body.key as string;
    const exported = await leadflow(['export', dir, '--api', base], { LEADFLOW_API_KEY: key });
    expect(exported).toMatchObject({ code: 0 });
    expect(exported.stdout).toContain('Exported 2 rules, 1 criteria, 1 workflow');
    expect(readdirSync(join(dir, 'rules')).sort()).toEqual(['email-engaged.json', 'target-industry.json']);
    expect(readJson(join(dir, 'rules', 'target-industry.json'))).toMatchObject({
      kind: 'scoring_rule',
      value: '["SaaS", "Enterprise Software"]',
      points: 20,
    });
    expect(readJson(join(dir, 'criteria', 'marketing-qualified-lead.json'))).toMatchObject({ stage: 'mql' });
    expect(existsSync(join(dir, 'workflows', 'notify-on-hot-lead.json'))).toBe(true);

    const again = await leadflow(['export', dir, '--api', base], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');

    const plan = await leadflow(['plan', dir, '--api', `${base}/api/`], env);
    expect(plan).toMatchObject({ code: 0 });
    expect(plan.stdout).toContain('No changes');
  });

  it('plans an edit, an added rule and a removed workflow, applies them as exactly one version, then plans nothing', async () => {
    const edited = join(dir, 'rules', 'target-industry.json');
    writeFileSync(edited, JSON.stringify({ ...readJson(edited), points: 25 }, null, 2));
    writeFileSync(
      join(dir, 'rules', 'decision-maker.json'),
      JSON.stringify({
        name: 'Decision Maker',
        rule_type: 'demographic',
        field_name: 'title',
        operator: 'contains',
        value: 'director',
        points: 15,
      }),
    );
    rmSync(join(dir, 'workflows', 'notify-on-hot-lead.json'));
    const versionsBefore = await versionCount();

    const unpruned = await leadflow(['plan', dir, '--api', base], env);
    expect(unpruned).toMatchObject({ code: 0 });
    expect(unpruned.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^= keep workflows "Notify on hot lead" \(id \d+\): not in folder \(kept/),
        'Plan: 1 to create, 1 to update, 0 to delete, 2 unchanged, 1 not in folder (kept).',
      ]),
    );

    const plan = await leadflow(['plan', dir, '--prune', '--api', base], env);
    expect(plan).toMatchObject({ code: 0 });
    const lines = plan.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^~ update rules "Target Industry" \(id \d+\): points$/),
        '+ create rules "Decision Maker"',
        expect.stringMatching(/^- delete workflows "Notify on hot lead" \(id \d+\)$/),
        '! 1 to delete (workflows: 1)',
        'Plan: 1 to create, 1 to update, 1 to delete, 2 unchanged.',
      ]),
    );
    expect(await versionCount()).toBe(versionsBefore);

    const applied = await leadflow(['apply', dir, '--prune', '--api', base, '--format', 'json'], env);
    expect(applied).toMatchObject({ code: 0 });
    const result = JSON.parse(applied.stdout);
    expect(result).toMatchObject({
      dry_run: false,
      summary: { create: 1, update: 1, delete: 1, unchanged: 2 },
      rule_set_version: versionsBefore + 1,
    });
    expect(await versionCount()).toBe(versionsBefore + 1);
    const version = (
      await callApi(base, 'GET', `${API}/scoring-rules/versions/${versionsBefore + 1}/`, editor)
    ).body;
    expect(
      version.rules.map((rule: { name: string; points: number }) => [rule.name, rule.points]).sort(),
    ).toEqual([
      ['Decision Maker', 15],
      ['Email Engaged', 10],
      ['Target Industry', 25],
    ]);
    const workflows = (await callApi(base, 'GET', `${API}/workflows/`, editor)).body;
    expect(workflows.count).toBe(0);

    const replan = await leadflow(['plan', dir, '--api', base], env);
    expect(replan.stdout).toContain('No changes');
    const reapplied = await leadflow(['apply', dir, '--api', base], env);
    expect(reapplied.stdout).toContain('No changes');
    expect(await versionCount()).toBe(versionsBefore + 1);
  });

  it('refuses invalid files before calling the API, and the API refuses an invalid bundle whole', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'leadflow-gitops-bad-'));
    try {
      writeFileSync(
        join(broken, 'bad.json'),
        JSON.stringify({
          name: 'Bad',
          rule_type: 'firmographic',
          field_name: 'industry',
          operator: 'nope',
          points: 500,
        }),
      );
      const plan = await leadflow(['plan', broken, '--api', base], env);
      expect(plan.code).toBe(1);
      expect(plan.stderr).toMatch(/bad\.json:\/operator: .*\n.*bad\.json:\/points: /s);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
    const before = (await callApi(base, 'GET', `${API}/rule-sets/current/`, editor)).body;
    const versionsBefore = await versionCount();
    const refused = await callApi(base, 'POST', `${API}/rule-sets/apply/`, editor, {
      rules: [{ name: 'x', rule_type: 'social', points: 1000 }],
      criteria: [{ stage: 'unqualified' }],
      workflows: 'none',
    });
    expect(refused.status).toBe(400);
    const fields = refused.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['rules["x"].rule_type', 'rules["x"].points', 'workflows']),
    );
    expect(fields.some((field: string) => field.startsWith('criteria.0'))).toBe(true);
    expect((await callApi(base, 'GET', `${API}/rule-sets/current/`, editor)).body).toEqual(before);
    expect(await versionCount()).toBe(versionsBefore);

    const viewer = await loginAs(base, 'viewer');
    expect((await callApi(base, 'POST', `${API}/rule-sets/apply/?dry_run=true`, viewer, before)).status).toBe(
      403,
    );
    const noToken = await leadflow(['plan', dir, '--api', base], {});
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('401');
    expect(noToken.stderr).toContain('LEADFLOW_TOKEN');
    expect(noToken.stderr).toContain('leadflow login');
  });

  it('apply refuses a name two files use (any case), naming both files, and writes nothing', async () => {
    const clashing = mkdtempSync(join(tmpdir(), 'leadflow-gitops-clash-'));
    const rule = (name: string) => ({
      name,
      rule_type: 'demographic',
      field_name: 'title',
      operator: 'contains',
      value: 'director',
      points: 15,
    });
    try {
      writeFileSync(join(clashing, 'clashing-rule.json'), JSON.stringify(rule('Clashing Rule')));
      writeFileSync(join(clashing, 'clashing-rule-2.json'), JSON.stringify(rule(' clashing rule')));
      const versionsBefore = await versionCount();
      const applied = await leadflow(['apply', clashing, '--api', base, '--yes'], env);
      expect(applied.code).toBe(1);
      // the later file (in path order) names the earlier one
      expect(applied.stderr).toMatch(
        /clashing-rule\.json:\/name: name "Clashing Rule" is already used by the scoring rule in \S*clashing-rule-2\.json/,
      );
      expect(await versionCount()).toBe(versionsBefore);
      const names = (await callApi(base, 'GET', `${API}/rule-sets/current/`, editor)).body.rules.map(
        (stored: { name: string }) => stored.name.toLowerCase(),
      );
      expect(names).not.toContain('clashing rule');
    } finally {
      rmSync(clashing, { recursive: true, force: true });
    }
  });
});
