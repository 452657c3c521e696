import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { callApi, createTestContext, listenOnLoopback, loginAs, until } from '@leadflow/test-harness';
import { createApp } from '../../../apps/api/src/create-app';
import { startInProcessWorker } from '../../harness/in-process-worker';

interface Entry {
  score: number;
  previous_score: number;
  inputs_version: number;
}

/** How many times a lead's history, read in its own order (seq), goes down. */
export function falls(chain: readonly Entry[]): number {
  return chain.filter((entry, index) => index > 0 && entry.score < (chain[index - 1]?.score ?? 0)).length;
}

/**
 * The scenario that used to store stale scores: calculations of one lead sent at the same time as
 * activities for it, while the worker runs the rescoring each activity queues. Six rules give 5 points each past 1, 3, 5, ... 11 email opens, so every activity can
 * only raise the score. A calculation made from fewer activities must never be stored after one made from
 * more: in the history's own order the score never falls, the last calculation counts every activity, and
 * the lead's current score is its newest entry's.
 */
describe('calculations of one lead racing its activities', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let worker: INestApplicationContext;
  let base: string;
  let editor: Record<string, string>;
  const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, editor, body);

  beforeAll(async () => {
    app = await createApp(config);
    worker = await startInProcessWorker(config);
    base = await listenOnLoopback(app);
    editor = await loginAs(base, 'editor');
  });

  afterAll(async () => {
    await app.close();
    await worker.close();
  });

  it('never stores a calculation from older inputs after one from newer inputs', async () => {
    for (const opens of [1, 3, 5, 7, 9, 11]) {
      const rule = await call('POST', '/api/lead-qualification/scoring-rules/', {
        name: `More than ${opens} opens`,
        rule_type: 'engagement',
        field_name: 'email_opens_count',
        operator: 'greater_than',
        value: String(opens),
        points: 5,
      });
      expect(rule.status).toBe(201);
    }
    const lead = (await call('POST', '/api/leads/', { first_name: 'Racer', email: 'racer@acme.example' }))
      .body as {
      id: number;
    };
    const calculate = () =>
      call('POST', '/api/lead-qualification/lead-scores/calculate/', { lead_id: lead.id });

    const replies = await Promise.all(
      Array.from({ length: 20 }, (_unused, index) => [
        calculate(),
        call('POST', `/api/leads/${lead.id}/activities/`, { type: 'email_opened', metadata: { n: index } }),
      ]).flat(),
    );
    expect(replies.map((reply) => reply.status).filter((status) => status >= 300)).toEqual([]);
    const last = await calculate();
    expect(last.body).toMatchObject({ score: 30 });

    // Once the rescoring jobs are done: the lead's current score is its newest entry's, and stays so.
    let seen = -1;
    const settled = await until(
      async () => {
        const [history, current] = await Promise.all([
          call('GET', `/api/lead-qualification/lead-scores/history/?lead_id=${lead.id}`),
          call('GET', `/api/leads/${lead.id}/`),
        ]);
        const entries = history.body as Entry[];
        const unchanged = entries.length === seen;
        seen = entries.length;
        return { entries, score: (current.body as { score: number }).score, unchanged };
      },
      ({ entries, score, unchanged }) => unchanged && entries[0]?.score === score,
      { what: "the lead's rescoring jobs to finish", timeoutMs: 60_000, intervalMs: 500 },
    );
    // Newest first; the chain in its own order is oldest first.
    const chain = [...settled.entries].reverse();
    // Every calculation is kept (the 21 asked for and the worker's), each link's previous_score the score
    // before it.
    expect(chain.length).toBeGreaterThanOrEqual(21);
    chain.forEach((entry, index) => {
      expect(entry.previous_score).toBe(chain[index - 1]?.score ?? 0);
    });
    expect(falls(chain)).toBe(0);
    chain.forEach((entry, index) => {
      expect(entry.inputs_version).toBeGreaterThanOrEqual(chain[index - 1]?.inputs_version ?? 0);
    });
    expect(settled.score).toBe(30);
    process.stdout.write(`linearizable-scores: ${chain.length} calculations, ${falls(chain)} falls\n`);
  });
});
