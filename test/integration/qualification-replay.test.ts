import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { repoRoot } from '@leadflow/test-harness';

/**
 * Replays histories recorded from real runs of the interpreter (RECORD_HISTORIES=1 on
 * qualification-workflow.test.ts). A change to the workflow code that would break executions already
 * running (a nondeterminism error on replay) fails here, in CI, before it reaches a worker.
 */
const historiesDir = join(repoRoot, 'test', 'fixtures', 'histories');
const histories = readdirSync(historiesDir).filter((file) => file.endsWith('.json'));

describe('qualification workflow replay', () => {
  it('has recorded histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(3);
  });

  it.each(histories)('replays %s without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8')));
    await expect(
      Worker.runReplayHistory(
        { workflowsPath: require.resolve('../../temporal/workflows') },
        history,
        file.replace(/\.json$/, ''),
      ),
    ).resolves.toBeUndefined();
  });
});
