import { SimpleGrid, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, query } from '../../api/client';
import type { Distribution, Execution, Lead, Page } from '../../api/types';
import { useApi } from '../../app/use-api';
import { ApiTable } from '../../components/ApiTable';
import { BUCKETS } from '../../components/buckets';
import { CRITERIA_LIST, stagesOf } from '../../components/stages';
import { BarFigure, LineFigure, seriesOf } from '../../components/charts';
import { executionColumns as col, executionKey } from '../../components/execution-columns';
import { Loading, PageHeader, Panel } from '../../components/ui';
import { dailyRuns, dayOf } from './daily-runs';
import { enteredInWindow, type StageTrend, stageTrendRows } from './stage-trend';

interface Statistics {
  total_workflows: number;
  active_workflows: number;
  total_executions: number;
  successful_executions: number;
  failed_executions: number;
  running_executions?: number;
}
/** GET workflow-executions/backlog/: what the worker still has to hand to Temporal. */
interface StartBacklog {
  pending: { live: number; bulk: number };
  pending_total: number;
  oldest_pending_age_seconds: number | null;
  last_start_error: string | null;
  schedules_pending: number;
}
interface Criterion {
  stage: string;
  minimum_score: number;
}
interface QueuesOverview {
  queues: {
    name: string;
    counts: Record<string, number>;
    failed: { job_id: string; error: string | null }[];
  }[];
}

/** Backlogs change by the second while the workers run: their cards read again this often. */
const LIVE_MS = 10_000;
const TREND_DAYS = 30;
/** The runs chart reads at most this many runs (the API's largest page); the card says when there were more. */
const RUNS_READ = 500;

/** Leads per stage, lowest stage first: one count query per stage (the leads list's `count`). */
async function stageFunnel(): Promise<{ stage: string; leads: number }[]> {
  const criteria = await api.get<Page<Criterion>>(CRITERIA_LIST);
  return Promise.all(
    stagesOf(criteria.results).map(async (stage) => ({
      stage,
      leads: (await api.get<Page<Lead>>(`/api/leads/${query({ qualification_stage: stage, page_size: 1 })}`))
        .count,
    })),
  );
}

function DistributionCard() {
  const distribution = useApi<Distribution>('/api/lead-qualification/lead-scores/distribution/');
  return (
    <Panel id="distribution" title="Score distribution">
      <Loading state={distribution}>
        {(d) => (
          <>
            <BarFigure
              title="Leads per score bucket"
              categoryKey="score"
              xLabel="Score"
              yLabel="Leads"
              series={seriesOf([{ name: 'leads', label: 'Leads' }])}
              rows={BUCKETS.map((b) => ({ score: b.label, leads: d[b.key] }))}
            />
            <Text size="sm">Average score: {d.avg_score}</Text>
          </>
        )}
      </Loading>
    </Panel>
  );
}

function FunnelCard() {
  const funnel = useQuery({ queryKey: ['api', '/api/leads/', 'funnel'], queryFn: stageFunnel });
  return (
    <Panel id="funnel" title="Stage funnel">
      <Loading state={{ data: funnel.data, error: funnel.error, loading: funnel.isFetching }}>
        {(stages) => (
          <BarFigure
            title="Leads per qualification stage"
            categoryKey="stage"
            xLabel="Stage"
            yLabel="Leads"
            series={seriesOf([{ name: 'leads', label: 'Leads' }])}
            rows={stages}
          />
        )}
      </Loading>
    </Panel>
  );
}

function StageTrendCard() {
  const trend = useApi<StageTrend>(
    `/api/lead-qualification/lead-scores/stage_trend/${query({ days: TREND_DAYS })}`,
  );
  return (
    <Panel id="stage-trend" title={`Qualified leads, last ${TREND_DAYS} days`}>
      <Loading state={trend}>
        {(t) => (
          <>
            <LineFigure
              title="Leads in each stage at the end of each day"
              categoryKey="day"
              xLabel="Day (UTC)"
              yLabel="Leads"
              series={seriesOf(t.stages.map((stage) => ({ name: stage, label: stage.toUpperCase() })))}
              rows={stageTrendRows(t)}
            />
            <Text size="sm">
              Entered in {TREND_DAYS} days:{' '}
              {enteredInWindow(t)
                .map((s) => `${s.stage.toUpperCase()} ${s.entered}`)
                .join(', ')}
            </Text>
          </>
        )}
      </Loading>
    </Panel>
  );
}

function RunsTrendCard() {
  // the window's first day from midnight UTC, so that its first bar counts a whole day
  const since = `${dayOf(new Date(Date.now() - (TREND_DAYS - 1) * 86_400_000))}T00:00:00.000Z`;
  const runs = useApi<Page<Execution>>(
    `/api/lead-qualification/workflow-executions/${query({ started_after: since, page_size: RUNS_READ })}`,
  );
  return (
    <Panel id="runs-trend" title={`Workflow runs, last ${TREND_DAYS} days`}>
      <Loading state={runs}>
        {(page) => (
          <>
            <BarFigure
              title="Workflow runs per day by outcome"
              categoryKey="day"
              xLabel="Day started (UTC)"
              yLabel="Runs"
              stacked
              series={seriesOf([
                { name: 'completed', label: 'Completed' },
                { name: 'failed', label: 'Failed, timed out or cancelled' },
                { name: 'other', label: 'Pending or running' },
              ])}
              rows={dailyRuns(page.results, new Date(), TREND_DAYS).map((d) => ({
                ...d,
                day: d.day.slice(5),
              }))}
            />
            {page.count > page.results.length && (
              <Text size="sm">
                The latest {page.results.length} of {page.count} runs in the window are drawn.
              </Text>
            )}
          </>
        )}
      </Loading>
    </Panel>
  );
}

function WorkflowsCard() {
  const statistics = useApi<Statistics>('/api/lead-qualification/workflows/statistics/');
  return (
    <Panel id="workflow-stats" title="Workflows">
      <Loading state={statistics}>
        {(s) => (
          <dl className="facts">
            <dt>Workflows</dt>
            <dd>
              {s.active_workflows} active of {s.total_workflows}
            </dd>
            <dt>Executions</dt>
            <dd>{s.total_executions}</dd>
            <dt>Successful</dt>
            <dd>{s.successful_executions}</dd>
            <dt>Failed</dt>
            <dd>{s.failed_executions}</dd>
            {s.running_executions !== undefined && (
              <>
                <dt>Running</dt>
                <dd>{s.running_executions}</dd>
              </>
            )}
          </dl>
        )}
      </Loading>
    </Panel>
  );
}

function StartBacklogCard() {
  const backlog = useApi<StartBacklog>('/api/lead-qualification/workflow-executions/backlog/', {
    pollMs: LIVE_MS,
  });
  return (
    <Panel id="start-backlog" title="Run outbox: waiting to start">
      <Loading state={backlog}>
        {(b) => (
          <>
            <dl className="facts">
              <dt>Decided runs not started</dt>
              <dd>
                {b.pending_total} ({b.pending.live} live, {b.pending.bulk} bulk)
              </dd>
              <dt>Oldest waits</dt>
              <dd>
                {b.oldest_pending_age_seconds === null
                  ? '-'
                  : `${Math.round(b.oldest_pending_age_seconds)} s`}
              </dd>
              <dt>Schedules to bring in line</dt>
              <dd>{b.schedules_pending}</dd>
            </dl>
            {b.last_start_error && (
              <p role="status">
                Temporal did not take the last start ({b.last_start_error}); it is tried again. Nothing is
                lost meanwhile.
              </p>
            )}
          </>
        )}
      </Loading>
    </Panel>
  );
}

function QueuesCard() {
  const queues = useApi<QueuesOverview>('/api/jobs/?failed_limit=10', { pollMs: LIVE_MS });
  return (
    <Panel id="queues" title="Job queues">
      {queues.error ? (
        <Text size="sm">Job queues are not reported to this user (admins see them).</Text>
      ) : (
        <Loading state={queues}>
          {(overview) => (
            <>
              <BarFigure
                title="Jobs per queue by state"
                categoryKey="queue"
                xLabel="Queue"
                yLabel="Jobs"
                stacked
                series={seriesOf([
                  { name: 'waiting', label: 'Waiting' },
                  { name: 'delayed', label: 'Delayed' },
                  { name: 'active', label: 'Active' },
                  { name: 'failed', label: 'Failed' },
                ])}
                rows={overview.queues.map((q) => ({
                  queue: q.name,
                  waiting: q.counts.waiting ?? 0,
                  delayed: q.counts.delayed ?? 0,
                  active: q.counts.active ?? 0,
                  failed: q.counts.failed ?? 0,
                }))}
              />
              <Title order={3} size="h5" id="failed-jobs" mt="sm">
                Failed jobs
              </Title>
              <ul aria-labelledby="failed-jobs">
                {overview.queues
                  .flatMap((queue) => queue.failed.map((job) => ({ queue: queue.name, ...job })))
                  .map((job) => (
                    <li key={`${job.queue}:${job.job_id}`}>
                      {job.queue} job {job.job_id}: {job.error ?? 'no message'}
                    </li>
                  ))}
              </ul>
            </>
          )}
        </Loading>
      )}
    </Panel>
  );
}

function RecentCard() {
  const recent = useApi<Execution[]>('/api/lead-qualification/workflow-executions/recent/?limit=10', {
    pollMs: LIVE_MS,
  });
  return (
    <Panel id="recent" title="Recent executions">
      <Loading state={recent}>
        {(executions) => (
          <ApiTable
            columns={[col.execution, col.workflow, col.lead, col.status, col.started]}
            rows={executions}
            rowKey={executionKey}
          />
        )}
      </Loading>
    </Panel>
  );
}

/** Each card reads its own data and shows it when it arrives: a slow card never holds up the others. */
export function DashboardPage() {
  return (
    <>
      <PageHeader title="Dashboard" />
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
        <DistributionCard />
        <FunnelCard />
        <StageTrendCard />
        <RunsTrendCard />
        <WorkflowsCard />
        <StartBacklogCard />
        <QueuesCard />
      </SimpleGrid>
      <SimpleGrid cols={1} mt="md">
        <RecentCard />
      </SimpleGrid>
    </>
  );
}
