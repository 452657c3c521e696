import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { nameKey } from '@leadflow/domain';
import { connectMongo } from '@leadflow/persistence';
import { callApi, createTestContext, ensureBuilt, loginAs, repoRoot } from '@leadflow/test-harness';
import { startApi } from '../harness/api';
import { runCli } from '../../dsl/src/cli/main';

const API = '/api/lead-qualification';
const BIN = join(repoRoot, 'bin', 'leadflow.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI as users run it; `stdin` is piped in (login --password-stdin). */
function leadflow(args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

/** The same CLI in this process (no child start per call), for the many runs of the property test. */
async function leadflowHere(args: string[], env: Record<string, string>): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
    env,
  );
  return { code, stdout, stderr };
}

function loadDemo(base: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'scripts', 'load-demo-data.mjs'), base, '--leads', '3', '--no-wait'],
      { cwd: repoRoot },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

// ---- randomized rule sets, each item valid, names unique per section as the API keeps them ----

const names = fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 -]{0,18}[A-Za-z0-9]$/), {
  minLength: 0,
  maxLength: 5,
  selector: nameKey,
});

const leaf = fc.oneof(
  fc.record({
    field: fc.constant('industry'),
    operator: fc.constant('in_list'),
    value: fc.constantFrom('["SaaS", "Finance"]', ['Healthcare'] as unknown as string),
  }),
  fc.record({
    field: fc.constant('email_opens_count'),
    operator: fc.constantFrom('greater_than', 'less_than_or_equal'),
    value: fc.oneof(fc.integer({ min: 0, max: 50 }).map(String), fc.integer({ min: 0, max: 50 })),
  }),
  fc.record({
    field: fc.constant('title'),
    operator: fc.constantFrom('contains', 'starts_with'),
    value: fc.constantFrom('director', 'VP'),
  }),
  fc.record({ field: fc.constant('phone'), operator: fc.constant('is_not_empty') }),
);

const ruleBody = fc.record(
  {
    rule_type: fc.constantFrom('demographic', 'behavioral', 'firmographic', 'engagement'),
    points: fc.integer({ min: -25, max: 25 }),
    priority: fc.integer({ min: 1, max: 100 }),
    is_active: fc.boolean(),
    counts_toward_grade: fc.boolean(),
    description: fc.string({ maxLength: 30 }),
  },
  { requiredKeys: ['rule_type', 'points'] },
);

const rule = (name: string) =>
  fc
    .tuple(
      ruleBody,
      fc.oneof(
        leaf.map(({ field, ...rest }) => ({ field_name: field, ...rest })),
        fc
          .tuple(fc.constantFrom('all', 'any'), fc.array(leaf, { minLength: 2, maxLength: 3 }))
          .map(([group, leaves]) => ({ conditions: { [group]: leaves } })),
      ),
    )
    .map(([body, condition]) => ({ name, ...body, ...condition }));

const criterion = (name: string) =>
  fc
    .record(
      {
        stage: fc.constantFrom('mql', 'sql', 'hot', 'nurture'),
        minimum_score: fc.integer({ min: 0, max: 100 }),
        required_fields: fc.subarray(['email', 'company', 'phone', 'title']),
        required_actions: fc.subarray(['email_opened', 'form_submitted', 'demo_requested']),
        time_constraint_days: fc.option(fc.integer({ min: 1, max: 365 })),
        is_active: fc.boolean(),
      },
      { requiredKeys: ['stage', 'minimum_score'] },
    )
    .map((body) => ({ name, ...body, ...(body.stage === 'nurture' ? { custom_stage: true } : {}) }));

const workflow = (name: string) =>
  fc
    .tuple(
      fc.integer({ min: 1, max: 100 }),
      fc.oneof(
        fc.record({
          action_type: fc.constant('send_notification'),
          action_config: fc.record({ message: fc.constantFrom('Hot lead!', 'Look at this one') }),
        }),
        fc.record({
          action_type: fc.constant('change_status'),
          action_config: fc.record({ status: fc.constantFrom('qualified', 'contacted') }),
        }),
      ),
      fc.boolean(),
    )
    .map(([score, action, active]) => ({
      name,
      trigger_type: 'score_threshold',
      trigger_config: { score },
      ...action,
      is_active: active,
    }));

const bundles = fc.tuple(names, names, names).chain(([ruleNames, criterionNames, workflowNames]) =>
  fc.record({
    rules: fc.tuple(...ruleNames.map(rule)),
    criteria: fc.tuple(...criterionNames.map(criterion)),
    workflows: fc.tuple(...workflowNames.map(workflow)),
  }),
);

const jsonFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? jsonFiles(path) : [path];
  });

describe('the GitOps loop: login, export, validate, plan, apply --prune', () => {
  const { config } = createTestContext();
  let app: INestApplication | undefined;
  let base: string;
  let editor: Record<string, string>;
  let env: Record<string, string>;
  let work: string;

  beforeAll(async () => {
    ensureBuilt('dist/dsl/src/cli/main.js', [
      'dsl/src',
      'libs/domain/src',
      'libs/engine/src',
      'libs/config/src',
    ]);
    [app, base, editor] = await startApi(config, 'editor');
    work = mkdtempSync(join(tmpdir(), 'leadflow-loop-'));
    env = {
      LEADFLOW_TOKEN: editor.authorization!.replace(/^Bearer /, ''),
      XDG_CONFIG_HOME: join(work, 'config'),
    };
  }, 300_000);

  afterAll(async () => {
    if (work) rmSync(work, { recursive: true, force: true });
    await app?.close();
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it('exports the demo data, which validates and plans no change', async () => {
    const loaded = await loadDemo(base);
    expect(loaded).toMatchObject({ code: 0 });
    const dir = join(work, 'demo');
    expect((await leadflow(['export', dir, '--api', base], env)).code).toBe(0);
    expect(jsonFiles(join(dir, 'criteria')).length).toBeGreaterThan(0);
    const validated = await leadflow(['validate', dir], env);
    expect(validated.stdout).toMatch(/^ok: \d+ files, 0 errors/m);
    expect(validated.code).toBe(0);
    const plan = await leadflow(['plan', dir, '--prune', '--api', base], env);
    expect(plan).toMatchObject({ code: 0 });
    expect(plan.stdout).toContain('No changes');
  });

  it('plans nothing to delete for a folder of rules alone, unless --prune; then apply asks for --yes past the limit', async () => {
    const dir = join(work, 'rules-only');
    expect((await leadflow(['export', dir, '--api', base], env)).code).toBe(0);
    rmSync(join(dir, 'criteria'), { recursive: true });
    rmSync(join(dir, 'workflows'), { recursive: true });
    const rules = jsonFiles(join(dir, 'rules'));
    expect(rules.length).toBeGreaterThan(2);
    for (const file of rules.slice(0, 2)) rmSync(file);

    const plan = await leadflow(['plan', dir, '--api', base, '--format', 'json'], env);
    const planned = JSON.parse(plan.stdout);
    expect(planned.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    // the two removed rules and every criterion and workflow stay, listed as not in the folder
    expect(planned.kept.filter((item: { section: string }) => item.section === 'rules')).toHaveLength(2);
    expect(planned.kept.some((item: { section: string }) => item.section === 'criteria')).toBe(true);
    const text = await leadflow(['plan', dir, '--api', base], env);
    expect(text.stdout).toMatch(/not in folder \(kept\)\)\.\n$/);
    expect(text.stdout).toMatch(
      /^= keep rules ".+" \(id \d+\): not in folder \(kept; --prune deletes it\)$/m,
    );
    expect(text.stdout).toMatch(
      /^= keep criteria ".+" \(id \d+\): not in folder \(kept; the folder holds no criteria/m,
    );
    expect(text.stdout).not.toContain('- delete');

    const pruned = await leadflow(['plan', dir, '--prune', '--api', base, '--format', 'json'], env);
    const prunedPlan = JSON.parse(pruned.stdout);
    expect(prunedPlan.summary.delete).toBe(2);
    expect(prunedPlan.changes.every((change: { section: string }) => change.section === 'rules')).toBe(true);

    const versions = async () =>
      (await callApi(base, 'GET', `${API}/scoring-rules/versions/?page_size=1`, editor)).body.count as number;
    const before = await versions();
    const refused = await leadflow(['apply', dir, '--prune', '--max-deletions', '1', '--api', base], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('2 deletions planned, at most 1 allowed');
    expect(refused.stderr).toContain('--yes');
    expect(await versions()).toBe(before);
    const confirmed = await leadflow(
      ['apply', dir, '--prune', '--max-deletions', '1', '--yes', '--api', base],
      env,
    );
    expect(confirmed).toMatchObject({ code: 0 });
    expect(confirmed.stdout).toContain('2 deleted');
    expect(await versions()).toBe(before + 1);
  });

  it('round-trips randomized rule sets: apply, export, validate and plan shows zero changes', async () => {
    await fc.assert(
      fc.asyncProperty(bundles, async (bundle) => {
        const applied = await callApi(base, 'POST', `${API}/rule-sets/apply/?prune=true`, editor, {
          kind: 'bundle',
          ...bundle,
        });
        if (applied.status !== 200) throw new Error(JSON.stringify(applied.body));
        const dir = mkdtempSync(join(work, 'random-'));
        const exported = await leadflowHere(['export', dir, '--force', '--api', base], env);
        expect(exported.code).toBe(0);
        const validated = await leadflowHere(['validate', dir, '--format', 'json'], env);
        expect(JSON.parse(validated.stdout).ok).toBe(true);
        const plan = await leadflowHere(['plan', dir, '--prune', '--api', base, '--format', 'json'], env);
        const planned = JSON.parse(plan.stdout);
        expect(planned.changes).toEqual([]);
        expect(planned.kept).toEqual([]);
        expect(planned.settings).toBeNull();
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 15 },
    );
  }, 300_000);

  it('login keeps a token readable by the user alone under XDG_CONFIG_HOME; logout removes it', async () => {
    const admin = await loginAs(base, 'admin');
    const user = { username: `gitops-${Date.now()}`, password: 'a-long-password-1', role: 'editor' };
    expect((await callApi(base, 'POST', '/api/users/', admin, user)).status).toBe(201);
    const home = { XDG_CONFIG_HOME: join(work, 'xdg') };
    const file = join(home.XDG_CONFIG_HOME, 'leadflow', 'credentials.json');

    const wrong = await leadflow(
      ['login', '--api', base, '--username', user.username, '--password-stdin'],
      home,
      'nope\n',
    );
    expect(wrong.code).toBe(1);
    expect(existsSync(file)).toBe(false);

    const login = await leadflow(
      ['login', '--api', base, '--username', user.username, '--password-stdin'],
      home,
      `${user.password}\n`,
    );
    expect(login).toMatchObject({ code: 0 });
    expect(login.stdout).toContain(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home.XDG_CONFIG_HOME, 'leadflow')).mode & 0o777).toBe(0o700);

    // no --api, no token in env: both come from the file
    const dir = join(work, 'after-login');
    expect((await leadflow(['export', dir], home)).code).toBe(0);
    expect((await leadflow(['plan', dir], home)).stdout).toContain('No changes');
    // a flag wins over the environment, which wins over the file
    const badFlag = await leadflow(['plan', dir, '--token', 'not-a-token'], {
      ...home,
      LEADFLOW_TOKEN: env.LEADFLOW_TOKEN!,
    });
    expect(badFlag.code).toBe(1);
    expect(badFlag.stderr).toContain('401');
    const badEnv = await leadflow(['plan', dir], { ...home, LEADFLOW_TOKEN: 'not-a-token' });
    expect(badEnv.stderr).toContain('401');

    const logout = await leadflow(['logout'], home);
    expect(logout).toMatchObject({ code: 0 });
    expect(existsSync(file)).toBe(false);
    const after = await leadflow(['plan', dir, '--api', base], home);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('401');
    expect((await leadflow(['logout'], home)).stdout).toContain('Not logged in');
  });
});
