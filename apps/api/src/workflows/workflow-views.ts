import type { Config } from '@leadflow/config';
import {
  COUNT_BOOKKEEPING_FIELDS,
  temporalWorkflowOf,
  type WorkflowDefinitionDocument,
  type WorkflowExecutionDocument,
} from '@leadflow/persistence';

/** A definition as the API shows it: the user's document (guide field names) plus id, version and program. */
export function workflowView(definition: WorkflowDefinitionDocument) {
  return {
    ...definition.source,
    id: definition.id,
    version: definition.version,
    program: definition.program,
    // Whether Temporal's schedule (time_based) is brought in line with this version yet, and why not.
    schedule_pending: definition.schedule_pending ?? false,
    schedule_error: definition.schedule_error ?? null,
    created_at: definition.created_at,
    updated_at: definition.updated_at,
  };
}

/**
 * An execution with a link to its run in the Temporal UI, when one is configured. Its `temporal_workflow_id`
 * names the Temporal workflow that holds its history (its lead event's run, shared with the other
 * definitions that event fired), so that it can be pasted into the Temporal UI.
 */
export function executionView(
  execution: WorkflowExecutionDocument,
  config: Pick<Config, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>,
) {
  const base = config.TEMPORAL_UI_URL.replace(/\/$/, '');
  // the relay's claim flag is its bookkeeping, not the run's
  const { temporal_group_id: _group, group_size: _size, start_held: _held, ...withCounts } = execution;
  // and so are the marks of the kept counts, whichever fields they are
  const fields = Object.fromEntries(
    Object.entries(withCounts).filter(([field]) => !COUNT_BOOKKEEPING_FIELDS.includes(field)),
  ) as typeof withCounts;
  const temporalWorkflowId = temporalWorkflowOf(execution);
  return {
    ...fields,
    // the execution's own key; temporal_workflow_id below is the Temporal workflow that holds it
    run_key: execution.temporal_workflow_id,
    temporal_workflow_id: temporalWorkflowId,
    // Records written before executions counted attempts have no such field.
    attempts: (execution.attempts as number | undefined) ?? 0,
    ...(base
      ? {
          temporal_ui_url: `${base}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(
            temporalWorkflowId,
          )}${execution.temporal_run_id ? `/${encodeURIComponent(execution.temporal_run_id)}` : ''}`,
        }
      : {}),
  };
}
