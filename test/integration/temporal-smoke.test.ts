import { Client, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';
import { eventTypeName } from '@leadflow/temporal/client';
import { LEAD_ID, WORKFLOW_DEFINITION_ID } from '@leadflow/temporal/contracts/search-attributes';
import { connectTemporalWorker, createTemporalWorker } from '@leadflow/temporal/worker';
import { createTestContext } from '@leadflow/test-harness';
import { greetingWorkflow } from '../fixtures/workflows/greeting.workflow';

describe('Temporal dev server', () => {
  const { id, config } = createTestContext();
  let workerConnection: NativeConnection;
  let clientConnection: Connection;
  let client: Client;

  beforeAll(async () => {
    workerConnection = await connectTemporalWorker(config);
    clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  });

  afterAll(async () => {
    await clientConnection.close();
    await workerConnection.close();
  });

  it('runs a workflow through a real worker and serves its full history', async () => {
    const worker = await createTemporalWorker({
      connection: workerConnection,
      config,
      workflowsPath: require.resolve('../fixtures/workflows/greeting.workflow'),
      activities: { composeGreeting: (name: string) => Promise.resolve(`Hello, ${name}!`) },
    });
    const workflowId = `greeting-${id}`;
    const result = await worker.runUntil(
      client.workflow.execute(greetingWorkflow, {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId,
        args: ['Ada'],
        typedSearchAttributes: new TypedSearchAttributes([
          { key: LEAD_ID, value: '123' },
          { key: WORKFLOW_DEFINITION_ID, value: '7' },
        ]),
      }),
    );
    expect(result).toBe('Hello, Ada!');

    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const eventTypes = (history.events ?? []).map(eventTypeName);
    expect(eventTypes[0]).toBe('WorkflowExecutionStarted');
    expect(eventTypes).toContain('ActivityTaskScheduled');
    expect(eventTypes).toContain('ActivityTaskCompleted');
    expect(eventTypes.at(-1)).toBe('WorkflowExecutionCompleted');

    // The search attributes registered by the launcher are set on the run, so ops can find it in the UI.
    const description = await client.workflow.getHandle(workflowId).describe();
    expect(description.typedSearchAttributes.get(LEAD_ID)).toBe('123');
    expect(description.typedSearchAttributes.get(WORKFLOW_DEFINITION_ID)).toBe('7');
  });
});
