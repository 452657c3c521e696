import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { connectMongo } from '@leadflow/persistence';
import { callApi, createTestContext, type Reply } from '@leadflow/test-harness';
import { startApi } from '../../harness/api';
import { GradingCategoriesMigration } from '../../../apps/api/src/scoring-settings/grading-migration';

const API = '/api/lead-qualification';
const FIXTURES = join(__dirname, '..', '..', '..', 'dsl', 'fixtures', 'valid');
const GUIDE_RULES = readdirSync(FIXTURES)
  .filter((file) => /^rule-guide-\d-.*\.json$/.test(file))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, unknown>);

type Json = Reply['body'];

/**
 * A platform whose settings named the fit categories (before rules carried counts_toward_grade) starts the
 * new release: the start-up migration writes the flag on the rules whose category's default disagrees,
 * removes the categories from the settings and publishes one version; a second run does nothing.
 */
describe('start-up migration of the grading categories onto the rules', () => {
  const { config } = createTestContext();
  let app: INestApplication | undefined;
  let db: Connection;
  let base: string;
  let editor: Record<string, string>;
  let legacyVersion: number;

  const call = (method: string, path: string, body?: unknown): Promise<Reply> =>
    callApi(base, method, path.startsWith('/api/') ? path : `${API}${path}`, editor, body);
  const start = async () => {
    [app, base, editor] = await startApi(config, 'editor');
  };
  const latestVersion = async () =>
    (await call('GET', '/scoring-rules/versions/?page_size=1')).body.results[0];

  beforeAll(async () => {
    db = await connectMongo(config);
    await start();
    for (const rule of GUIDE_RULES) expect((await call('POST', '/scoring-rules/', rule)).status).toBe(201);
    await app?.close();
    // what an earlier release stored: fit measured by the firmographic and engagement categories, in the
    // settings and in the latest version, whose rules carry no flag
    const legacyGrading = {
      categories: ['firmographic', 'engagement'],
      bands: { A: 80, B: 60, C: 40, D: 20 },
    };
    const versions = db.collection('rule_set_versions');
    const latest = await versions.find().sort({ version: -1 }).limit(1).next();
    if (!latest) throw new Error('creating the rules published versions');
    const { _id, ...published } = latest;
    legacyVersion = (published.version as number) + 1;
    await versions.insertOne({
      ...published,
      version: legacyVersion,
      reason: 'published by an earlier release',
      rules: (published.rules as Record<string, unknown>[]).map(
        ({ counts_toward_grade: _flag, ...rule }) => rule,
      ),
      settings: { decay: null, caps: null, grading: legacyGrading },
    });
    await db.collection('scoring_settings').updateOne(
      { key: 'current' },
      {
        $set: {
          grading: legacyGrading,
          updated_at: new Date(),
        },
      },
      { upsert: true },
    );
    await start();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db.dropDatabase();
    await db.close();
  });

  it('writes the flag where the category default disagrees and keeps the rest as sent', async () => {
    const rules = (await call('GET', '/scoring-rules/?page_size=100')).body.results as Json[];
    const byName = Object.fromEntries(rules.map((rule) => [rule.name, rule]));
    expect(byName['Decision Maker']).toMatchObject({ rule_type: 'demographic', counts_toward_grade: false });
    expect(byName['Recent Activity']).toMatchObject({ rule_type: 'engagement', counts_toward_grade: true });
    expect(byName['Target Industry']).toMatchObject({ counts_toward_grade: true });
    expect(byName['Email Engaged']).toMatchObject({ counts_toward_grade: false });
    // the documents kept in git change only where the flag had to be written out
    const exported = (await call('GET', '/rule-sets/current/')).body;
    const written = (exported.rules as Json[]).filter((rule) => 'counts_toward_grade' in rule);
    expect(written.map((rule) => rule.name).sort()).toEqual(['Decision Maker', 'Recent Activity']);
    expect(exported.settings).not.toHaveProperty('grading');
  });

  it('leaves the settings with bands only, and publishes one version that grades by the flags', async () => {
    const settings = (await call('GET', '/scoring-settings/')).body;
    expect(settings.grading).toEqual({ bands: { A: 80, B: 60, C: 40, D: 20 } });
    const version = await latestVersion();
    expect(version.reason).toContain('moved onto 2 rule(s)');
    const lead = await call('POST', '/api/leads/', {
      email: 'jane@acme.example',
      first_name: 'Jane',
      last_name: 'Doe',
      company: 'Acme Corp',
      title: 'Director',
      industry: 'SaaS',
      created_at: new Date().toISOString(),
    });
    const scored = await call('POST', '/lead-scores/calculate/', { lead_id: lead.body.id });
    // fit: Target Industry 20 + Recent Activity 10 of 20 + 15 + 10; the title's 15 count in the score only
    expect(scored.body).toMatchObject({ score: 45, grade: 'B', rule_set_version: version.version });
    expect(scored.body.explanation.grade).toMatchObject({ fit_points: 30, max_fit_points: 45 });
  });

  it('shows the version from before as it graded, and no rule change between it and the migrated one', async () => {
    const legacy = (await call('GET', `/scoring-rules/versions/${legacyVersion}/`)).body;
    const flags = Object.fromEntries(
      (legacy.rules as Json[]).map((rule) => [rule.name, rule.counts_toward_grade]),
    );
    expect(flags).toEqual({
      'Target Industry': true,
      'Mid to Large Company': true,
      'Email Engaged': false,
      'Recent Activity': true,
      'Decision Maker': false,
    });
    const migrated = (await latestVersion()).version as number;
    expect(migrated).toBe(legacyVersion + 1);
    const diff = await call('GET', `/scoring-rules/versions/diff/?from=${legacyVersion}&to=${migrated}`);
    expect(diff.body).toMatchObject({ added: [], removed: [], changed: [] });
  });

  it('does nothing on the next start', async () => {
    const before = (await latestVersion()).version as number;
    const migration = app?.get(GradingCategoriesMigration);
    expect(await migration?.run()).toBeNull();
    expect((await latestVersion()).version).toBe(before);
  });
});
