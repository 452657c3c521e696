import type { INestApplication } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { defaultFactRegistry } from '@leadflow/domain';
import { compileScoringRule, compileWorkflow, validateScoringRule, validateWorkflow } from '@leadflow/dsl';
import { connectMongo, NAME_KEY_INDEX } from '@leadflow/persistence';
import { callApi, createTestContext } from '@leadflow/test-harness';
import { startApi } from '../harness/api';
import { createApp } from '../../apps/api/src/create-app';

const API = '/api/lead-qualification';
const registry = defaultFactRegistry();

const guideRule = (name: string) => ({
  name,
  rule_type: 'firmographic',
  field_name: 'industry',
  operator: 'in_list',
  value: '["SaaS", "Enterprise Software"]',
  points: 20,
});
const mql = (name = 'Marketing Qualified Lead', extra: Record<string, unknown> = {}) => ({
  name,
  stage: 'mql',
  minimum_score: 40,
  required_fields: ['email', 'company', 'phone'],
  required_actions: ['email_opened', 'form_submitted'],
  time_constraint_days: 90,
  is_active: true,
  ...extra,
});
const notify = (name: string) => ({
  name,
  trigger_type: 'score_threshold',
  trigger_config: { score: 80 },
  action_type: 'send_notification',
  action_config: { message: 'Hot lead! Score increased to 80+' },
  is_active: true,
});

/** A rule as an older release stored it: no name_key, no unique index on names. */
function storedRule(id: number, source: ReturnType<typeof guideRule>) {
  const result = validateScoringRule(source, registry);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const rule = result.value;
  const now = new Date();
  return {
    id,
    name: rule.name,
    rule_type: rule.rule_type,
    is_active: rule.is_active,
    priority: rule.priority,
    points: rule.points,
    source,
    definition: rule,
    compiled: compileScoringRule(rule, { ruleId: String(id) }),
    created_at: now,
    updated_at: now,
  };
}

function storedWorkflow(id: number, source: ReturnType<typeof notify>) {
  const result = validateWorkflow(source, registry);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const now = new Date();
  return {
    id,
    name: source.name,
    trigger_type: source.trigger_type,
    priority: result.value.priority,
    is_active: true,
    source: result.value,
    program: compileWorkflow(result.value, { version: 1 }),
    version: 1,
    schedule_pending: false,
    schedule_error: null,
    created_at: now,
    updated_at: now,
  };
}

describe('unique names of rules, criteria and workflows, and errors that name the item', () => {
  const { config } = createTestContext();
  let db: Connection;
  let app: INestApplication | undefined;
  let base: string;
  let editor: Record<string, string>;

  const names = async (path: string): Promise<string[]> =>
    ((await callApi(base, 'GET', `${API}/${path}/?page_size=100`, editor)).body.results as { name: string }[])
      .map((item) => item.name)
      .sort();

  beforeAll(async () => {
    // Data an older release stored: duplicate names in every section, and a stage outside the known set.
    db = await connectMongo(config);
    const now = new Date();
    await db
      .collection('scoring_rules')
      .insertMany([
        storedRule(1, guideRule('Target Industry')),
        storedRule(2, guideRule('target industry ')),
        storedRule(3, guideRule('Target Industry (2)')),
      ]);
    await db
      .collection('qualification_criteria')
      .insertMany(
        [mql(), mql('Marketing Qualified Lead', { stage: 'opportunity', minimum_score: 50 })].map(
          (criterion, index) => ({ id: index + 1, ...criterion, created_at: now, updated_at: now }),
        ),
      );
    await db
      .collection('workflow_definitions')
      .insertMany([
        storedWorkflow(1, notify('Notify on hot lead')),
        storedWorkflow(2, notify('Notify on hot lead')),
      ]);
    await db.collection('counters').insertMany([
      { _id: 'scoring_rules', seq: 3 },
      { _id: 'qualification_criteria', seq: 2 },
      { _id: 'workflow_definitions', seq: 2 },
    ] as never[]);
    [app, base, editor] = await startApi(config, 'editor');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db.dropDatabase();
    await db.close();
  });

  it('renames old duplicates at start-up to "Name (2)", "Name (3)"..., so the stored set validates again', async () => {
    expect(await names('scoring-rules')).toEqual([
      'Target Industry',
      'Target Industry (2)',
      'target industry (3)',
    ]);
    expect(await names('qualification-criteria')).toEqual([
      'Marketing Qualified Lead',
      'Marketing Qualified Lead (2)',
    ]);
    expect(await names('workflows')).toEqual(['Notify on hot lead', 'Notify on hot lead (2)']);
    // the rule's source (what export writes) carries the new name too
    const rule = (await callApi(base, 'GET', `${API}/scoring-rules/2/`, editor)).body;
    expect(rule.name).toBe('target industry (3)');
    // the criterion whose stage is outside the known set was declared custom, so it still validates
    const criterion = (await callApi(base, 'GET', `${API}/qualification-criteria/2/`, editor)).body;
    expect(criterion).toMatchObject({ stage: 'opportunity', custom_stage: true });
    for (const collection of ['scoring_rules', 'qualification_criteria', 'workflow_definitions']) {
      const indexes = await db.collection(collection).indexes();
      expect(indexes.find((index) => index.name === NAME_KEY_INDEX)).toMatchObject({ unique: true });
    }
    const plan = await callApi(base, 'POST', `${API}/rule-sets/apply/?dry_run=true`, editor, {
      kind: 'bundle',
      ...(await callApi(base, 'GET', `${API}/rule-sets/current/`, editor)).body,
    });
    expect(plan.status).toBe(200);
    expect(plan.body.changes).toEqual([]);
  });

  it('does nothing more when started again (idempotent)', async () => {
    const before = await db
      .collection('scoring_rules')
      .find({}, { projection: { _id: 0 } })
      .toArray();
    const again = await createApp(config);
    try {
      await again.init();
    } finally {
      await again.close();
    }
    const after = await db
      .collection('scoring_rules')
      .find({}, { projection: { _id: 0 } })
      .toArray();
    expect(after).toEqual(before);
  });

  it.each([
    ['scoring-rules', guideRule, 'scoring rule 1 "Target Industry"', 'Target Industry'],
    [
      'qualification-criteria',
      (name: string) => mql(name),
      'criterion 1 "Marketing Qualified Lead"',
      'Marketing Qualified Lead',
    ],
    ['workflows', notify, 'workflow 1 "Notify on hot lead"', 'Notify on hot lead'],
  ] as const)(
    '%s: a create or update with a name in use (any case, spaces around) is a 409 naming the item',
    async (path, document, holder, taken) => {
      const spelled = `  ${taken.toUpperCase()} `;
      const created = await callApi(base, 'POST', `${API}/${path}/`, editor, document(spelled));
      expect(created.status).toBe(409);
      expect(created.body.errors).toEqual([
        {
          field: 'name',
          code: 'DUPLICATE_NAME',
          message: `${JSON.stringify(spelled)} is already used by ${holder}`,
        },
      ]);
      const fresh = await callApi(base, 'POST', `${API}/${path}/`, editor, document(`${taken} fresh`));
      expect(fresh.status).toBe(201);
      const id = fresh.body.id as number;
      const renamed = await callApi(
        base,
        'PUT',
        `${API}/${path}/${id}/`,
        editor,
        document(taken.toLowerCase()),
      );
      expect(renamed.status).toBe(409);
      expect(renamed.body.errors[0].message).toContain(holder);
      const patched = await callApi(base, 'PATCH', `${API}/${path}/${id}/`, editor, { name: taken });
      expect(patched.status).toBe(409);
      // its own name, in another case, is no conflict
      const own = await callApi(base, 'PATCH', `${API}/${path}/${id}/`, editor, { name: `${taken} FRESH` });
      expect(own.status).toBe(200);
      await callApi(base, 'DELETE', `${API}/${path}/${id}/`, editor);
    },
  );

  it('takes stages from the known set, or a declared custom stage', async () => {
    const typo = await callApi(
      base,
      'POST',
      `${API}/qualification-criteria/`,
      editor,
      mql('Typo', { stage: 'sqll' }),
    );
    expect(typo.status).toBe(400);
    expect(typo.body.errors).toEqual([
      expect.objectContaining({
        field: 'stage',
        code: 'INVALID_ENUM',
        message: expect.stringContaining('"sql"'),
      }),
    ]);
    const custom = await callApi(
      base,
      'POST',
      `${API}/qualification-criteria/`,
      editor,
      mql('Nurture', { stage: 'nurture', custom_stage: true, minimum_score: 20 }),
    );
    expect(custom.status).toBe(201);
    expect(custom.body).toMatchObject({ stage: 'nurture', custom_stage: true });
    await callApi(base, 'DELETE', `${API}/qualification-criteria/${custom.body.id}/`, editor);
  });

  it('places a JSON syntax error of a body at its line and column', async () => {
    const response = await fetch(`${base}${API}/rule-sets/apply/?dry_run=true`, {
      method: 'POST',
      headers: { ...editor, 'content-type': 'application/json' },
      body: '{\n  "kind": "bundle",\n  "rules": [\n    {"name": "Hot" "points": 5}\n  ]\n}',
    });
    expect(response.status).toBe(400);
    const refused = (await response.json()) as { message: string };
    expect(refused.message).toMatch(/^Malformed JSON body: not valid JSON at line 4, column 20: /);
  });

  it('names the items of a refused rule set by section and name, with the pointer beside', async () => {
    const refused = await callApi(base, 'POST', `${API}/rule-sets/apply/?dry_run=true`, editor, {
      kind: 'bundle',
      rules: [{ ...guideRule('Hot Lead'), points: 500 }],
      criteria: [mql(), mql(' marketing qualified lead', { minimum_score: 400 })],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'rules["Hot Lead"].points', pointer: '/rules/0/points' }),
        expect.objectContaining({
          field: 'criteria[" marketing qualified lead"].minimum_score',
          pointer: '/criteria/1/minimum_score',
        }),
        expect.objectContaining({
          field: 'criteria[" marketing qualified lead"].name',
          code: 'DUPLICATE_NAME',
          message: expect.stringContaining('criterion "Marketing Qualified Lead" (/criteria/0)'),
        }),
      ]),
    );
  });
});
