import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { type Config, loadConfig } from '../libs/config/src';
import { createApp } from '../apps/api/src/create-app';
import { requestJson } from './http';
import { servicesEnv } from './services-env';

export interface BenchApi {
  app: INestApplication;
  config: Config;
  /** the environment the API runs with, for worker processes to share */
  env: Record<string, string>;
  base: string;
  /** an admin's bearer token as a header */
  auth: Record<string, string>;
  /** drops the benchmark's database and stops the API: a run leaves nothing behind on the services */
  close(): Promise<void>;
}

const TUNABLE = [
  'WORKFLOW_BULK_STARTS_PER_SECOND',
  'WORKER_BULK_WORKFLOW_SLOTS',
  'WORKER_BULK_ACTIVITY_SLOTS',
  'WORKFLOW_START_BATCH',
];

/**
 * The API on the embedded services, on a database, queue names and Temporal ids of its own (`<name>` and the
 * time), listening on a free loopback port, with an admin logged in: how every benchmark starts.
 */
export async function startBenchApi(repoRoot: string, name: string, logLevel = 'silent'): Promise<BenchApi> {
  const suffix = Date.now().toString(36);
  // The pacing settings a benchmark run may try other values of, from its own environment.
  const tried = Object.fromEntries(
    TUNABLE.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  ) as Record<string, string>;
  const env = {
    ...servicesEnv(repoRoot),
    ...tried,
    MONGO_DB: `bench_${name}_${suffix}`,
    REDIS_PREFIX: `bench:${suffix}`,
    TEMPORAL_TASK_QUEUE: `bench-${suffix}`,
    TEMPORAL_ID_PREFIX: `bench-${suffix}`,
    LOG_LEVEL: logLevel,
  };
  const config = loadConfig(env);
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const token = await requestJson(
    base,
    'POST',
    '/api/auth/token',
    {},
    { username: 'admin', password: 'admin' },
  );
  const close = async () => {
    await app.get<Connection>(getConnectionToken()).dropDatabase();
    await app.close();
  };
  return { app, config, env, base, auth: { authorization: `Bearer ${String(token.access_token)}` }, close };
}

/**
 * Turns off the rescoring of every lead that each rule save starts (`rescore_on_publish`): a benchmark saves
 * its rules one by one, and those rescorings would score its leads beside the run it measures.
 */
export async function withoutPublishRescoring(base: string, auth: Record<string, string>): Promise<void> {
  const settings = await requestJson(base, 'GET', '/api/lead-qualification/scoring-settings/', auth);
  await requestJson(base, 'PUT', '/api/lead-qualification/scoring-settings/', auth, {
    decay: settings.decay,
    rescore_on_publish: false,
  });
}
