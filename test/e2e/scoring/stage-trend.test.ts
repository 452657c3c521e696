import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { utcDate, utcDay } from '@leadflow/domain';
import {
  type LeadFields,
  LeadsRepository,
  StageHistoryRepository,
  StageMovesRepository,
} from '@leadflow/persistence';
import type { Reply } from '@leadflow/test-harness';
import { useEditorViewerApi } from '../../harness/api';

const API = '/api/lead-qualification';
type Json = Reply['body'];

const criterion = (stage: string, minimum_score: number) => ({
  name: `${stage} stage`,
  stage,
  minimum_score,
  required_fields: [],
  required_actions: [],
  time_constraint_days: null,
  is_active: true,
});

describe('GET lead-scores/stage_trend: leads entering and leaving each stage per day', () => {
  const api = useEditorViewerApi(async ({ call }) => {
    for (const [stage, minimum] of [
      ['sql', 60],
      ['mql', 40],
    ] as const)
      expect((await call('POST', `${API}/qualification-criteria/`, criterion(stage, minimum))).status).toBe(
        201,
      );
    for (const rule of [
      { name: 'SaaS', field_name: 'industry', value: 'SaaS', points: 45 },
      { name: 'Director', field_name: 'title', value: 'director', points: 20 },
    ])
      expect(
        (
          await call('POST', `${API}/scoring-rules/`, {
            ...rule,
            rule_type: 'firmographic',
            operator: 'equals',
            priority: 1,
            is_active: true,
          })
        ).status,
      ).toBe(201);
  });
  const { call } = api;
  const trend = async (days: number) => {
    const reply = await call('GET', `${API}/lead-scores/stage_trend/?days=${days}`, undefined, api.viewer);
    expect(reply.status).toBe(200);
    return reply.body as { days: number; stages: string[]; trend: { date: string; stages: Json }[] };
  };
  const calculate = async (leadId: number) => {
    expect((await call('POST', `${API}/lead-scores/calculate/`, { lead_id: leadId })).status).toBe(200);
  };

  it('stamps records written before the hour stamp existed, once, when it starts', async () => {
    const connection = api.app.get<Connection>(getConnectionToken());
    const fiveDaysAgo = new Date(Date.now() - 5 * 86_400_000);
    await connection.collection('stage_changes').insertOne({
      id: 900_100,
      lead_id: 2,
      from_stage: 'mql',
      to_stage: 'sql',
      score: 61,
      lead_score_id: 900_100,
      rule_set_version: 1,
      changed_at: fiveDaysAgo,
    });
    // as an older install starts: no marker yet
    await connection.collection('stage_hour_counts').deleteOne({ counts: 'stage_changes:stamped' });
    const stageChanges = api.app.get(StageHistoryRepository);
    await stageChanges.onModuleInit();
    // that day alone, so the days the other tests write into stay unread
    const day = utcDay(fiveDaysAgo);
    expect(await stageChanges.flowsPerDay(day, day)).toEqual([
      { day, entered: { sql: 1 }, left: { mql: 1 } },
    ]);
  });

  it('keeps an hour once it is over: its records are counted once and not read again', async () => {
    const stageChanges = api.app.get(StageHistoryRepository);
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    const change = (leadScoreId: number) => ({
      lead_id: 1,
      from_stage: 'unqualified',
      to_stage: 'mql',
      score: 45,
      lead_score_id: leadScoreId,
      rule_set_version: 1,
      changed_at: threeDaysAgo,
    });
    await stageChanges.recordMany([change(900_001), change(900_002)], threeDaysAgo);
    const first = await trend(7);
    expect(first.trend[3]?.stages.mql).toMatchObject({ entered: 2, left: 0 });
    expect(first.trend[3]?.stages.sql).toMatchObject({ entered: 0, left: 0 });

    // written into the closed hour afterwards (nothing does this but the test): the kept count stands
    await stageChanges.recordMany([change(900_003)], threeDaysAgo);
    expect((await trend(7)).trend[3]?.stages.mql).toMatchObject({ entered: 2 });
  });

  it("counts today's moves into and out of each stage, and the leads in each at every day's end", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const lead = await call('POST', '/api/leads/', { email: `trend-${i}@example.com`, industry: 'SaaS' });
      ids.push(lead.body.id as number);
      await calculate(lead.body.id as number);
    }
    // one of the three becomes a director: mql -> sql by its score
    expect((await call('PATCH', `/api/leads/${ids[0]}/`, { title: 'Director' })).status).toBe(200);
    await calculate(ids[0] as number);
    // another is moved to sql by a workflow's move_to_stage step, as the action does it
    await api.app.get(StageMovesRepository).recordOnce({
      lead_id: ids[1] as number,
      from_stage: 'mql',
      to_stage: 'sql',
      reason: 'workflow wf step s1',
      workflow_id: 'wf',
      step_id: 's1',
      effect_key: 'stage-trend-move',
      moved_at: new Date(),
    });
    await api.app
      .get(LeadsRepository)
      .update(ids[1] as number, { qualification_stage: 'sql' } as unknown as Partial<LeadFields>);

    const body = await trend(7);
    expect(body.days).toBe(7);
    expect(body.stages).toEqual(['mql', 'sql']);
    expect(body.trend.map((day) => day.date)).toEqual(
      Array.from({ length: 7 }, (_unused, index) => utcDate(utcDay(new Date()) - 6 + index)),
    );
    expect(body.trend[6]?.stages).toEqual({
      mql: { entered: 3, left: 2, leads: 1 },
      sql: { entered: 2, left: 0, leads: 2 },
    });
    // walked back: yesterday ended with no lead in either stage, and nothing moved
    expect(body.trend[5]?.stages).toEqual({
      mql: { entered: 0, left: 0, leads: 0 },
      sql: { entered: 0, left: 0, leads: 0 },
    });
  });

  it('refuses a window outside 1 to 90 days with the single error body', async () => {
    for (const days of ['0', '91', 'abc']) {
      const reply = await call('GET', `${API}/lead-scores/stage_trend/?days=${days}`, undefined, api.viewer);
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((error: Json) => error.field)).toContain('days');
    }
    expect((await trend(30)).trend).toHaveLength(30);
  });

  it('is documented in the OpenAPI document, every field with an example', async () => {
    const spec = (await (await fetch(`${api.base}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string; parameters?: { name: string }[] }>>;
      components: { schemas: Record<string, { properties: Record<string, { example?: unknown }> }> };
    };
    const operation = spec.paths[`${API}/lead-scores/stage_trend`]?.get;
    expect(operation?.summary).toEqual(expect.any(String));
    expect(operation?.parameters?.map((parameter) => parameter.name)).toEqual(['days']);
    for (const schema of ['StageTrendDto', 'StageTrendDayDto', 'StageOnDayDto']) {
      const properties = Object.entries(spec.components.schemas[schema]?.properties ?? {});
      expect(properties.length).toBeGreaterThan(0);
      expect(properties.filter(([, property]) => !('example' in property)).map(([name]) => name)).toEqual([]);
    }
  });
});
