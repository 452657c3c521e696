import { Client, Connection } from '@temporalio/client';
import { grpc } from '@temporalio/proto';
import type { Config } from '@leadflow/config';

type TemporalConfig = Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'DEPENDENCY_TIMEOUT_MS'>;

/** Connects to the frontend; fails within DEPENDENCY_TIMEOUT_MS when nobody answers. */
export function connectTemporal(config: TemporalConfig): Promise<Connection> {
  return Connection.connect({
    address: config.TEMPORAL_ADDRESS,
    connectTimeout: Math.max(config.DEPENDENCY_TIMEOUT_MS, 1000),
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
