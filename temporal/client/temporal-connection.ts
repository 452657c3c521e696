import { Client, Connection } from '@temporalio/client';
import { grpc } from '@temporalio/proto';
import type { Config } from '@leadflow/config';

type TemporalConfig = Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'DEPENDENCY_TIMEOUT_MS'>;

/**
 * The frontend's connection, made on its first call, not at start: a process starts whether or not Temporal
 * answers then (a request that needs it answers 503 meanwhile, and the relay retries), and a slow answer
 * at start (a loaded machine) cannot stop the process. Each connect fails within DEPENDENCY_TIMEOUT_MS.
 */
export function connectTemporal(config: TemporalConfig): Connection {
  return Connection.lazy({
    address: config.TEMPORAL_ADDRESS,
    connectTimeout: Math.max(config.DEPENDENCY_TIMEOUT_MS, 1000),
  });
}

/**
 * A connection for health probes only: lazy like the other, and without the SDK's retry interceptor. A probe
 * says how Temporal is now, so it must not retry an unreachable server, and a retry the interceptor schedules
 * after the connection is closed (a shutdown while Temporal is down) throws from its timer, crashing the
 * process.
 */
export function probeConnection(config: TemporalConfig): Connection {
  return Connection.lazy({
    address: config.TEMPORAL_ADDRESS,
    connectTimeout: Math.max(config.DEPENDENCY_TIMEOUT_MS, 1000),
    interceptors: [],
  });
}

export function temporalClient(connection: Connection, config: TemporalConfig): Client {
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

/** Asks the frontend's gRPC health service; throws when it is not serving. */
export async function pingTemporal(connection: Connection, timeoutMs: number): Promise<void> {
  const response = await connection.withDeadline(Date.now() + timeoutMs, () =>
    connection.healthService.check({}),
  );
  const { ServingStatus } = grpc.health.v1.HealthCheckResponse;
  if (response.status !== ServingStatus.SERVING) throw new Error(`health status ${String(response.status)}`);
}
