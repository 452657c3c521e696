import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Connection as TemporalConnection } from '@temporalio/client';
import type Redis from 'ioredis';
import { CONFIG, type Config } from '@leadflow/config';
import { MongoPing } from '@leadflow/persistence';
import { pingTemporal } from '@leadflow/temporal/client';
import { pingRedis } from './redis-health-client';

export const REDIS_HEALTH_CLIENT = Symbol('REDIS_HEALTH_CLIENT');
export const TEMPORAL_HEALTH_CONNECTION = Symbol('TEMPORAL_HEALTH_CONNECTION');

export const DEPENDENCIES = ['mongo', 'redis', 'temporal'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

export interface DependencyHealth {
  status: 'up' | 'down';
  latency_ms: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  /** Names of the dependencies that did not answer; empty when all are up. */
  down: Dependency[];
  checks: Record<Dependency, DependencyHealth>;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

/**
 * The report as anyone may see it: which dependency is down, not the driver's text (it names internal
 * addresses and ports, e.g. `connect ECONNREFUSED 127.0.0.1:41261`).
 */
export function withoutErrorTexts(report: HealthReport): HealthReport {
  const checks = Object.fromEntries(
    DEPENDENCIES.map((name) => [
      name,
      { status: report.checks[name].status, latency_ms: report.checks[name].latency_ms },
    ]),
  ) as Record<Dependency, DependencyHealth>;
  return { ...report, checks };
}

@Injectable()
export class HealthService implements OnApplicationShutdown {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly mongo: MongoPing,
    @Inject(REDIS_HEALTH_CLIENT) private readonly redis: Redis,
    @Inject(TEMPORAL_HEALTH_CONNECTION) private readonly temporal: TemporalConnection,
  ) {}

  /** Probes the three dependencies at once, each within DEPENDENCY_TIMEOUT_MS. */
  async report(): Promise<HealthReport> {
    const timeoutMs = this.config.DEPENDENCY_TIMEOUT_MS;
    const probes: Record<Dependency, () => Promise<unknown>> = {
      mongo: () => this.mongo.ping(),
      redis: () => pingRedis(this.redis),
      temporal: () => pingTemporal(this.temporal, timeoutMs),
    };
    const results = await Promise.all(
      DEPENDENCIES.map(async (name): Promise<[Dependency, DependencyHealth]> => {
        const started = performance.now();
        try {
          await withTimeout(probes[name](), timeoutMs);
          return [name, { status: 'up', latency_ms: Math.round(performance.now() - started) }];
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return [
            name,
            { status: 'down', latency_ms: Math.round(performance.now() - started), error: message },
          ];
        }
      }),
    );
    const checks = Object.fromEntries(results) as Record<Dependency, DependencyHealth>;
    const down = DEPENDENCIES.filter((name) => checks[name].status === 'down');
    return { status: down.length === 0 ? 'ok' : 'unavailable', down, checks };
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await this.temporal.close();
  }
}
