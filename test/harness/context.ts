import { createHash, randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { type Config, loadConfig } from '@leadflow/config';

/**
 * What one test file may use without seeing any other file's data: its own MongoDB database, Redis key
 * prefix and Temporal task queue, all derived from the file name plus a random suffix.
 */
export interface TestContext {
  /** Short unique id of this test file's run, e.g. `health-3fa2c1`. */
  id: string;
  config: Config;
}

function currentTestFile(): string {
  return expect.getState().testPath ?? 'unknown';
}

export function createTestContext(overrides: Record<string, string> = {}): TestContext {
  const file = currentTestFile();
  const stem = basename(file)
    .replace(/\.(test|spec)\.ts$/, '')
    .replace(/[^a-z0-9]/gi, '-')
    .slice(0, 24);
  const id = `${stem}-${createHash('sha1').update(file).digest('hex').slice(0, 4)}${randomBytes(3).toString('hex')}`;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    MONGO_DB: `t_${id.replace(/-/g, '_')}`.slice(0, 63),
    REDIS_PREFIX: `t:${id}`,
    TEMPORAL_TASK_QUEUE: `t-${id}`,
    TEMPORAL_ID_PREFIX: `t-${id}`.slice(0, 40),
    // A worker killed in a test hands its claimed runs over within seconds, not the production minute.
    WORKFLOW_START_LEASE_MS: '5000',
    ...overrides,
  });
  return { id, config };
}
