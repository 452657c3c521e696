import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { repoRoot } from '@leadflow/test-harness';

/**
 * Replays histories recorded from real runs of the interpreter (RECORD_HISTORIES=1 on
 * qualification-workflow.test.ts, whose files are `q-*`, and on lead-event-workflow.test.ts, `le-*`). A change to the workflow code that would break executions already
 * running (a nondeterminism error on replay) fails here, in CI, before it reaches a worker.
 */
const historiesDir = join(repoRoot, 'test', 'fixtures', 'histories');
/**
 * The current recordings, and those of runs started by earlier workflow code that a worker must still be
 * able to finish: `before-attempts/` (action results without an `attempt`, before steps counted attempts),
 * `before-local-activities/` (loadProgram and recordOutcome as ordinary activities, before the
 * `local-around-actions` patch) and `before-local-actions/` (actions as ordinary activities, before the
 * `local-actions` patch).
 */
const OLDER = [
  'before-attempts',
  'before-local-activities',
  'before-local-actions',
  'before-fewer-local-activities',
];
const histories = ['', ...OLDER].flatMap((dir) =>
  readdirSync(join(historiesDir, dir))
    .filter((file) => file.endsWith('.json'))
    .map((file) => join(dir, file)),
);

describe('qualification workflow replay', () => {
  it('has recorded histories to replay, current and older', () => {
    expect(histories.filter((file) => !file.includes('/')).length).toBeGreaterThanOrEqual(3);
    expect(histories.filter((file) => file.startsWith('le-')).length).toBeGreaterThanOrEqual(2);
    for (const dir of OLDER)
      expect(histories.filter((file) => file.startsWith(`${dir}/`)).length).toBeGreaterThan(0);
  });

  it.each(histories)('replays %s without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8')));
    await expect(
      Worker.runReplayHistory(
        { workflowsPath: require.resolve('../../temporal/workflows') },
        history,
        file.replace(/\.json$/, '').replace('/', '-'),
      ),
    ).resolves.toBeUndefined();
  });
});
