import { Badge, Box, Button, Code, Group, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Execution } from '../../api/types';
import { navigate } from '../../app/router';
import { useApi } from '../../app/use-api';
import { LeadName, WorkflowName } from '../../components/names';
import { ErrorMessage, formatDate, Loading, PageHeader, StatusBadge } from '../../components/ui';
import { buildTimeline, type HistoryEvent, type Timeline, type TimelineStep } from './build-timeline';
import { axisSpan, formatDuration } from './time-axis';

/** While a run is going, the page reads it and its history again this often. */
const POLL_MS = 1000;
const LIVE = new Set(['pending', 'running']);
/** Retry is for runs that ended badly; a completed or cancelled run is not retried from here. */
const RETRYABLE = new Set(['failed', 'timed_out']);

interface ApiHistoryEvent {
  event_id: number;
  event_type: string;
  time: string | null;
  details: Record<string, unknown>;
  attributes: Record<string, unknown>;
  summary?: string | null;
}
interface HistoryPage {
  next_page_token: string | null;
  events: ApiHistoryEvent[];
}

/** Every page of the run's history, in order (Temporal hands it out in pages). */
async function fullHistory(id: number): Promise<ApiHistoryEvent[]> {
  const events: ApiHistoryEvent[] = [];
  let token: string | null = null;
  do {
    const suffix: string = token ? `&next_page_token=${encodeURIComponent(token)}` : '';
    const page: HistoryPage = await api.get<HistoryPage>(
      `/api/lead-qualification/workflow-executions/${id}/history/?page_size=1000${suffix}`,
    );
    events.push(...page.events);
    token = page.next_page_token;
  } while (token);
  return events;
}

const asTimelineEvents = (events: ApiHistoryEvent[]): HistoryEvent[] =>
  events.map((event) => ({
    id: event.event_id,
    type: event.event_type,
    time: event.time,
    attributes: event.attributes,
    summary: event.summary ?? null,
  }));

const json = (value: unknown) => JSON.stringify(value, null, 2);

function StepRow({ step, start, end }: { step: TimelineStep; start: string; end: string }) {
  const span = step.startedAt ? axisSpan(step.startedAt, step.finishedAt, start, end) : undefined;
  const took =
    step.startedAt && step.finishedAt
      ? formatDuration(Date.parse(step.finishedAt) - Date.parse(step.startedAt))
      : '';
  return (
    <li className="timeline-step">
      <Group gap="xs" wrap="nowrap" justify="space-between">
        {/* nesting indents the name only, so that every step's bar sits on the same axis */}
        <Group gap="xs" wrap="nowrap" style={{ width: 380, flex: 'none', paddingLeft: step.depth * 20 }}>
          <Text fw={600} title={`step id ${step.stepId}`}>
            {step.label}
          </Text>
          <Badge variant="outline" color="gray" size="sm">
            {step.kind} {step.stepId}
          </Badge>
          <StatusBadge status={step.status} />
          {step.branch && <Text size="sm">→ {step.branch}</Text>}
        </Group>
        <Text size="sm" style={{ width: 140, flex: 'none' }}>
          {step.attempts > 1 ? `${step.attempts} attempts · ` : ''}
          {took}
        </Text>
        <div className="axis-track" aria-hidden>
          {span && (
            <div
              className={`axis-bar axis-${step.kind} axis-${step.status.replace(' ', '-')}`}
              style={{ left: `${span.left}%`, width: `${span.width}%` }}
            />
          )}
        </div>
      </Group>
      {(step.failure || step.config !== undefined || step.result !== undefined) && (
        <details style={{ paddingLeft: step.depth * 20 }}>
          <summary>Details</summary>
          {step.failure && (
            <Text c="red.8" size="sm" role="note">
              Last failure: {step.failure}
            </Text>
          )}
          <Text size="sm" fw={600}>
            {step.kind === 'branch' ? 'Condition' : step.kind === 'delay' ? 'Delay' : 'Action config'}
          </Text>
          <Code block>{json(step.config)}</Code>
          {step.result !== undefined && (
            <>
              <Text size="sm" fw={600}>
                Result
              </Text>
              <Code block>{json(step.result)}</Code>
            </>
          )}
          {step.startedAt && (
            <Text size="sm">
              {formatDate(step.startedAt)} → {formatDate(step.finishedAt)}
            </Text>
          )}
        </details>
      )}
    </li>
  );
}

function StepsTimeline({ timeline }: { timeline: Timeline }) {
  const start = timeline.startedAt;
  if (!start || timeline.steps.length === 0) return <Text>No step has run yet.</Text>;
  const end = timeline.finishedAt ?? new Date().toISOString();
  return (
    <>
      <Group justify="space-between" mb={4}>
        <Text size="sm">{formatDate(start)}</Text>
        <Text size="sm">
          {timeline.finishedAt ? formatDate(end) : 'now'} (
          {formatDuration(Date.parse(end) - Date.parse(start))})
        </Text>
      </Group>
      <ol className="timeline" aria-label="Steps on a time axis">
        {timeline.steps.map((step) => (
          <StepRow key={step.stepId} step={step} start={start} end={end} />
        ))}
      </ol>
      {timeline.waits.length > 0 && (
        <>
          <Title order={3} size="h5" mt="sm">
            Waits
          </Title>
          <ul>
            {timeline.waits.map((wait) => (
              <li key={`${wait.kind}-${wait.stepId ?? ''}-${wait.from}`}>
                {wait.kind === 'delay' ? 'delay' : 'retry back-off'} of step {wait.stepId}:{' '}
                {formatDate(wait.from)} → {formatDate(wait.to)}
                {wait.to ? ` (${formatDuration(Date.parse(wait.to) - Date.parse(wait.from))})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {timeline.signals.length > 0 && (
        <Text size="sm" mt="xs">
          Signals: {timeline.signals.map((signal) => `${signal.name} at ${formatDate(signal.at)}`).join(', ')}
        </Text>
      )}
    </>
  );
}

function RawEvents({ events }: { events: ApiHistoryEvent[] }) {
  return (
    <Table striped withTableBorder verticalSpacing={4} captionSide="top">
      <Table.Caption>{events.length} events of the Temporal workflow</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Id</Table.Th>
          <Table.Th scope="col">Event</Table.Th>
          <Table.Th scope="col">Time</Table.Th>
          <Table.Th scope="col">Run</Table.Th>
          <Table.Th scope="col">Details</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {events.map((event) => (
          <Table.Tr key={event.event_id}>
            <Table.Td>{event.event_id}</Table.Td>
            <Table.Td>{event.event_type}</Table.Td>
            <Table.Td>{formatDate(event.time)}</Table.Td>
            <Table.Td>{event.summary ?? ''}</Table.Td>
            <Table.Td>
              <Code>{JSON.stringify(event.details)}</Code>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * One execution: its facts, its steps on a time axis (built in the browser from the Temporal history, live
 * while it runs), the raw events a tab away, and cancel (while it runs) or retry (when it failed).
 */
export function ExecutionPage({ id, canEdit }: { id: number; canEdit: boolean }) {
  const [actionError, setActionError] = useState<unknown>();
  const executionState = useApi<Execution>(`/api/lead-qualification/workflow-executions/${id}/`, {
    pollMs: POLL_MS,
  });
  const execution = executionState.data;
  const live = execution ? LIVE.has(execution.status) : false;
  // A pending run has no Temporal history yet: its timeline starts once the worker has started it.
  const history = useQuery({
    // keyed by the status too: the history is read once more when the run ends, after its last poll
    queryKey: ['api', `/api/lead-qualification/workflow-executions/${id}/history/`, execution?.status],
    queryFn: () => fullHistory(id),
    enabled: execution !== undefined && execution.status !== 'pending',
    refetchInterval: live ? POLL_MS : false,
  });

  const cancel = async () => {
    try {
      await api.post<Execution>(`/api/lead-qualification/workflow-executions/${id}/cancel/`, {
        reason: 'cancelled in the console',
      });
    } catch (failure) {
      setActionError(failure);
    }
  };
  const retry = async () => {
    try {
      const again = await api.post<Execution>(`/api/lead-qualification/workflow-executions/${id}/retry/`, {});
      navigate(`/lead_qualification/executions/${again.id}/`);
    } catch (failure) {
      setActionError(failure);
    }
  };

  return (
    <Loading state={executionState}>
      {(run) => {
        const timeline = history.data
          ? buildTimeline(asTimelineEvents(history.data), run.run_key ?? undefined)
          : undefined;
        return (
          <>
            <PageHeader
              title={`Execution #${run.id}`}
              actions={
                canEdit && (
                  <>
                    {LIVE.has(run.status) && (
                      <Button color="red" onClick={() => void cancel()}>
                        Cancel execution
                      </Button>
                    )}
                    {RETRYABLE.has(run.status) && (
                      <Button variant="default" onClick={() => void retry()}>
                        Retry execution
                      </Button>
                    )}
                  </>
                )
              }
            />
            <ErrorMessage error={actionError} />
            <dl className="facts">
              <dt>Status</dt>
              <dd>
                <span role="status" aria-label="Execution status">
                  <StatusBadge status={run.status} />
                </span>
              </dd>
              <dt>Workflow</dt>
              <dd>
                <WorkflowName id={run.workflow_definition_id} name={run.workflow_name} /> (version{' '}
                {run.version})
              </dd>
              <dt>Lead</dt>
              <dd>
                <LeadName id={run.lead_id} />
              </dd>
              <dt>Started</dt>
              <dd>{formatDate(run.started_at)}</dd>
              <dt>Finished</dt>
              <dd>{formatDate(run.finished_at)}</dd>
              {run.error && (
                <>
                  <dt>Error</dt>
                  <Text component="dd" c="red.9">
                    {run.error}
                  </Text>
                </>
              )}
              {run.status === 'pending' && run.start_error && (
                <>
                  <dt>Not started yet</dt>
                  <dd>
                    Temporal did not take it ({run.start_error}); the worker tries again. Nothing is lost
                    meanwhile.
                  </dd>
                </>
              )}
              <dt>Temporal</dt>
              <dd>
                {/* A pending run is not in Temporal yet: its id is what it will be found by. */}
                {run.temporal_ui_url && run.status !== 'pending' ? (
                  <a href={run.temporal_ui_url} target="_blank" rel="noreferrer">
                    Open the run in the Temporal UI
                  </a>
                ) : (
                  <code>{run.temporal_workflow_id}</code>
                )}
              </dd>
            </dl>
            <Box component="section" aria-labelledby="timeline" mt="md">
              <Title order={2} size="h3" id="timeline" mb="xs">
                Timeline
              </Title>
              <ErrorMessage error={history.error} />
              <Tabs defaultValue="steps" keepMounted={false}>
                <Tabs.List>
                  <Tabs.Tab value="steps">Steps</Tabs.Tab>
                  <Tabs.Tab value="events">Temporal events</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="steps" pt="sm">
                  {run.status === 'pending' ? (
                    <Text>Waiting for the worker to start the run.</Text>
                  ) : timeline ? (
                    <StepsTimeline timeline={timeline} />
                  ) : (
                    <Text aria-live="polite">Loading…</Text>
                  )}
                </Tabs.Panel>
                <Tabs.Panel value="events" pt="sm">
                  {history.data && <RawEvents events={history.data} />}
                </Tabs.Panel>
              </Tabs>
            </Box>
          </>
        );
      }}
    </Loading>
  );
}
