import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { connectMongo } from '@leadflow/persistence';
import { callApi, createTestContext, repoRoot } from '@leadflow/test-harness';
import { startApi } from '../harness/api';

const LEADS = 60;

/** scripts/load-demo-data.mjs as `npm run dev` runs it, with fewer leads and without waiting for a worker. */
function loadDemo(base: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'scripts', 'load-demo-data.mjs'), base, '--leads', String(LEADS), '--no-wait'],
      { cwd: repoRoot },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('demo data loader', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let admin: Record<string, string>;

  const counts = async () => {
    const count = async (path: string) => (await callApi(base, 'GET', path, admin)).body.count as number;
    return {
      users: await count('/api/users/?page_size=1'),
      rules: await count('/api/lead-qualification/scoring-rules/?page_size=1'),
      criteria: await count('/api/lead-qualification/qualification-criteria/?page_size=1'),
      workflows: await count('/api/lead-qualification/workflows/?page_size=1'),
      versions: await count('/api/lead-qualification/scoring-rules/versions/?page_size=1'),
      leads: await count('/api/leads/?page_size=1'),
    };
  };

  beforeAll(async () => {
    [app, base, admin] = await startApi(config, 'admin');
  });

  afterAll(async () => {
    await app.close();
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it("loads the guide's rule set as one version, generated leads with activities, and queues their scoring", async () => {
    const first = await loadDemo(base);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`${LEADS} leads with`);
    // two in five leads are decided, after their scoring was queued
    expect(first.stdout).toContain(`${(LEADS * 2) / 5} leads won or lost`);
    const analytics = (await callApi(base, 'GET', '/api/lead-qualification/analytics/', admin)).body;
    expect(analytics.sample.decided).toBe((LEADS * 2) / 5);
    expect(analytics.rules.map((rule: { name: string }) => rule.name)).toContain('Target Industry');
    expect(await counts()).toEqual({
      users: 5,
      rules: 7,
      criteria: 3,
      workflows: 4,
      versions: 1,
      leads: LEADS,
    });
    const stages = (await callApi(base, 'GET', '/api/lead-qualification/qualification-criteria/', admin))
      .body;
    expect(stages.results.map((criterion: { stage: string }) => criterion.stage).sort()).toEqual([
      'hot',
      'mql',
      'sql',
    ]);
    const leads = (await callApi(base, 'GET', '/api/leads/?page_size=20', admin)).body.results as {
      id: number;
    }[];
    let activities = 0;
    for (const lead of leads) {
      activities += (await callApi(base, 'GET', `/api/leads/${lead.id}/activities/`, admin)).body
        .count as number;
    }
    expect(activities).toBeGreaterThan(leads.length);
  });

  it('loads nothing twice on a second run', async () => {
    const before = await counts();
    const second = await loadDemo(base);
    expect(second).toMatchObject({ code: 0 });
    expect(second.stdout).toContain('already loaded; nothing to do');
    expect(await counts()).toEqual(before);
  });
});
