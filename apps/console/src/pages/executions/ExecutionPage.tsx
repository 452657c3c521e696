import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Execution } from '../../api/types';
import { Link, navigate } from '../../app/router';
import { type Column, ApiTable } from '../../components/ApiTable';
import { ErrorMessage, formatDate, PageHeader, StatusBadge } from '../../components/ui';
import { displayText } from '../../app/display-text';

type TimelineEntry =
  | {
      kind: 'activity';
      activity_type: string;
      activity_id: string;
      status: string;
      attempts: number;
      failure: string | null;
      scheduled_at: string | null;
      finished_at: string | null;
    }
  | { kind: 'timer'; timer_id: string; seconds: number; status: string; started_at: string | null }
  | { kind: 'signal'; name: string; at: string | null };

const POLL_MS = 1000;

/** A step's record is whatever the worker stored: each cell shows one field as text, with a fallback. */
const stepField = (
  header: string,
  field: string,
  fallback: (index: number) => string,
): Column<NonNullable<Execution['steps']>[number]> => ({
  header,
  cell: (step, index) => displayText(step[field] ?? fallback(index)),
});
const STEP_COLUMNS = [
  stepField('Step', 'step_id', (index) => String(index + 1)),
  stepField('Kind', 'kind', () => ''),
  stepField('Outcome', 'outcome', () => ''),
  stepField('Branch', 'branch', () => '—'),
  stepField('Attempts', 'attempts', () => '—'),
  stepField('Error', 'error', () => ''),
];

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  if (entry.kind === 'activity') {
    return (
      <li className={`status-${entry.status}`}>
        <strong>{entry.activity_type}</strong> <StatusBadge status={entry.status} /> · {entry.attempts}{' '}
        {entry.attempts === 1 ? 'attempt' : 'attempts'} · {formatDate(entry.scheduled_at)}
        {entry.failure && <div className="error">last failure: {entry.failure}</div>}
      </li>
    );
  }
  if (entry.kind === 'timer') {
    return (
      <li className={entry.status === 'fired' ? 'status-completed' : ''}>
        <strong>timer</strong> {entry.seconds}s <StatusBadge status={entry.status} /> ·{' '}
        {formatDate(entry.started_at)}
      </li>
    );
  }
  return (
    <li>
      <strong>signal</strong> {entry.name} · {formatDate(entry.at)}
    </li>
  );
}

/** One execution: its status and steps, the timeline from its Temporal history (live while it runs), and actions. */
export function ExecutionPage({ id, canEdit }: { id: number; canEdit: boolean }) {
  const [execution, setExecution] = useState<Execution>();
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let current = true;
    const base = `/api/lead-qualification/workflow-executions/${id}/`;
    // A pending run has no Temporal history yet: its timeline starts once the worker has started it.
    const load = async (): Promise<[Execution, TimelineEntry[]]> => {
      const found = await api.get<Execution>(base);
      if (found.status === 'pending') return [found, []];
      return [found, await api.get<TimelineEntry[]>(`${base}timeline/`)];
    };
    load().then(([found, entries]) => {
      if (!current) return;
      setExecution(found);
      setTimeline(entries);
      if (found.status === 'running' || found.status === 'pending')
        setTimeout(() => {
          if (current) setTick((t) => t + 1);
        }, POLL_MS);
    }, setError);
    return () => {
      current = false;
    };
  }, [id, tick]);

  const cancel = async () => {
    try {
      setExecution(
        await api.post<Execution>(`/api/lead-qualification/workflow-executions/${id}/cancel/`, {
          reason: 'cancelled in the console',
        }),
      );
    } catch (failure) {
      setError(failure);
    }
  };
  const retry = async () => {
    try {
      const again = await api.post<Execution>(`/api/lead-qualification/workflow-executions/${id}/retry/`, {});
      navigate(`/lead_qualification/executions/${again.id}/`);
    } catch (failure) {
      setError(failure);
    }
  };

  if (!execution) return error ? <ErrorMessage error={error} /> : <p>Loading…</p>;
  return (
    <>
      <PageHeader title={`Execution #${execution.id}`} />
      <ErrorMessage error={error} />
      <dl className="facts">
        <dt>Status</dt>
        <dd role="status" aria-label="Execution status">
          <StatusBadge status={execution.status} />
        </dd>
        <dt>Workflow</dt>
        <dd>
          <Link to={`/lead_qualification/workflows/${execution.workflow_definition_id}/`}>
            {execution.workflow_name ?? execution.workflow_definition_id}
          </Link>{' '}
          (version {execution.version})
        </dd>
        <dt>Lead</dt>
        <dd>
          <Link to={`/leads/${execution.lead_id}/`}>{execution.lead_id}</Link>
        </dd>
        <dt>Started</dt>
        <dd>{formatDate(execution.started_at)}</dd>
        <dt>Finished</dt>
        <dd>{formatDate(execution.finished_at)}</dd>
        {execution.error && (
          <>
            <dt>Error</dt>
            <dd className="error">{execution.error}</dd>
          </>
        )}
        {execution.status === 'pending' && execution.start_error && (
          <>
            <dt>Not started yet</dt>
            <dd>
              Temporal did not take it ({execution.start_error}); the worker tries again. Nothing is lost
              meanwhile.
            </dd>
          </>
        )}
        <dt>Temporal</dt>
        <dd>
          {/* A pending run is not in Temporal yet: its id is what it will be found by. */}
          {execution.temporal_ui_url && execution.status !== 'pending' ? (
            <a href={execution.temporal_ui_url} target="_blank" rel="noreferrer">
              Open the run in the Temporal UI
            </a>
          ) : (
            <code>{execution.temporal_workflow_id}</code>
          )}
        </dd>
      </dl>
      {canEdit && (
        <div className="actions">
          {(execution.status === 'running' || execution.status === 'pending') && (
            <button type="button" className="danger" onClick={() => void cancel()}>
              Cancel execution
            </button>
          )}
          {execution.status !== 'running' && execution.status !== 'pending' && (
            <button type="button" className="secondary" onClick={() => void retry()}>
              Retry execution
            </button>
          )}
        </div>
      )}
      <section aria-labelledby="timeline">
        <h2 id="timeline">Timeline</h2>
        <ol className="timeline" aria-live="polite">
          {timeline.map((entry, index) => (
            <TimelineItem key={index} entry={entry} />
          ))}
        </ol>
      </section>
      {execution.steps && execution.steps.length > 0 && (
        <section aria-labelledby="steps">
          <h2 id="steps">Step outcomes</h2>
          <ApiTable columns={STEP_COLUMNS} rows={execution.steps} rowKey={(_step, index) => index} />
        </section>
      )}
    </>
  );
}
