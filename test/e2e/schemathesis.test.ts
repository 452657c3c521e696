import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { connectMongo } from '@leadflow/persistence';
import { createTestContext, loginAs, repoRoot } from '@leadflow/test-harness';
import { startApi } from '../harness/api';

/** Examples per operation: enough to reach each body and parameter shape, small enough for ~2 min on 2 cores. */
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 8);

/**
 * Operations schemathesis cannot test as request/response pairs: the notification stream never ends (it is
 * covered by its own e2e test).
 */
const EXCLUDED_PATHS = '/api/notifications/stream';

/** The pinned `st` from the cache venv, installed from PyPI by scripts/provision.mjs when missing. */
function schemathesisBinary(): string {
  return execFileSync(
    process.execPath,
    ['-e', "import('./scripts/provision.mjs').then((m) => process.stdout.write(m.ensureSchemathesis()))"],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  ).trim();
}

function run(binary: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      // its own working directory: schemathesis keeps a .schemathesis cache where it runs
      {
        cwd: mkdtempSync(join(tmpdir(), 'schemathesis-')),
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

/**
 * schemathesis over the whole OpenAPI document, against the API on the real services, as an admin (who may
 * call everything): no response may be a 5xx, and every response must match the schema its status code
 * documents. The findings are the failure message.
 */
describe('schemathesis over /api/docs-json', () => {
  const { config } = createTestContext();
  let app: INestApplication | undefined;
  let base: string;
  let binary: string;

  beforeAll(async () => {
    binary = schemathesisBinary();
    [app, base] = await startApi(config);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it('finds no server error and no response that breaks its documented schema', async () => {
    const admin = await loginAs(base, 'admin');
    const result = await run(binary, [
      'run',
      `${base}/api/docs-json`,
      '--url',
      base,
      '--checks',
      'not_a_server_error,response_schema_conformance',
      '--max-examples',
      String(MAX_EXAMPLES),
      '--seed',
      '20251112',
      '--workers',
      '1',
      '--no-shrink',
      '--suppress-health-check',
      'all',
      '--request-timeout',
      '15',
      '--exclude-path',
      EXCLUDED_PATHS,
      '--header',
      `Authorization: ${admin.authorization}`,
    ]);
    if (result.code !== 0) throw new Error(`schemathesis found problems:\n${result.output}`);
    expect(result.output).toMatch(/passed/i);
  }, 600_000);
});
