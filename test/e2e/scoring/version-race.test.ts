import type { INestApplication } from '@nestjs/common';
import { connectMongo } from '@leadflow/persistence';
import { callApi, createTestContext } from '@leadflow/test-harness';
import { startApi } from '../../harness/api';

const API = '/api/lead-qualification';
const EDITS = 10;

interface VersionedRuleView {
  id: number;
  points: number;
}

/**
 * Concurrent rule edits against one API: each must publish its own rule-set version, the numbers must follow
 * on without gaps, and no version may lack an edit made before it (FerretDB has no conditional atomic update,
 * so this rests on the unique index of claimed version numbers).
 */
describe('rule-set versions under concurrent edits', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;

  beforeAll(async () => {
    [app, base, editor] = await startApi(config, 'editor');
  });

  afterAll(async () => {
    await app.close();
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it(`${EDITS} concurrent PATCHes publish versions n+1..n+${EDITS}, each holding its edit, the last all of them`, async () => {
    const ids: number[] = [];
    for (let index = 0; index < EDITS; index++) {
      const created = await callApi(base, 'POST', `${API}/scoring-rules/`, editor, {
        name: `rule ${index}`,
        rule_type: 'behavioral',
        field_name: 'email_opens_count',
        operator: 'greater_than',
        value: String(index),
        points: 1,
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id as number);
    }
    const before = (await callApi(base, 'GET', `${API}/scoring-rules/versions/`, editor)).body;
    const n = before.results[0].version as number;
    expect(before.count).toBe(n);

    const patched = await Promise.all(
      ids.map((id, index) =>
        callApi(base, 'PATCH', `${API}/scoring-rules/${id}/`, editor, { points: 10 + index }),
      ),
    );
    expect(patched.map((reply) => reply.status)).toEqual(ids.map(() => 200));

    const listed = (await callApi(base, 'GET', `${API}/scoring-rules/versions/?page_size=50`, editor)).body;
    const numbers = (listed.results as { version: number }[]).map((row) => row.version).sort((a, b) => a - b);
    expect(numbers.slice(-EDITS)).toEqual(Array.from({ length: EDITS }, (_, i) => n + 1 + i));
    expect(listed.count).toBe(n + EDITS);

    const pointsIn = async (version: number): Promise<Map<number, number>> => {
      const record = await callApi(base, 'GET', `${API}/scoring-rules/versions/${version}/`, editor);
      expect(record.status).toBe(200);
      return new Map((record.body.rules as VersionedRuleView[]).map((rule) => [rule.id, rule.points]));
    };
    // Each version names the rule its edit was about and must already hold that edit.
    for (let version = n + 1; version <= n + EDITS; version++) {
      const record = await callApi(base, 'GET', `${API}/scoring-rules/versions/${version}/`, editor);
      const editedId = Number(/scoring rule (\d+) updated/.exec(record.body.reason as string)?.[1]);
      expect(ids).toContain(editedId);
      expect((await pointsIn(version)).get(editedId)).toBe(10 + ids.indexOf(editedId));
    }
    const last = await pointsIn(n + EDITS);
    expect(ids.map((id) => last.get(id))).toEqual(ids.map((_, index) => 10 + index));
  });
});
