import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Distribution, Execution, Lead, Page } from '../api/types';
import { BarChart } from '../charts/BarChart';
import { BUCKETS } from '../charts/buckets';
import { useApi } from '../app/use-api';
import { DataTable } from '../components/DataTable';
import { executionColumns as col, executionKey } from '../components/execution-columns';
import { Loading, PageHeader } from '../components/ui';

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

/** Leads per stage, lowest stage first: one count query per stage (the leads list's `count`). */
function useStageFunnel(): { stage: string; count: number }[] | undefined {
  const [funnel, setFunnel] = useState<{ stage: string; count: number }[]>();
  useEffect(() => {
    void (async () => {
      const criteria = await api.get<Page<Criterion>>(
        '/api/lead-qualification/qualification-criteria/?page_size=100',
      );
      const stages = [
        'unqualified',
        ...[...criteria.results].sort((a, b) => a.minimum_score - b.minimum_score).map((c) => c.stage),
      ];
      const counts = await Promise.all(
        [...new Set(stages)].map(async (stage) => ({
          stage,
          count: (
            await api.get<Page<Lead>>(
              `/api/leads/?qualification_stage=${encodeURIComponent(stage)}&page_size=1`,
            )
          ).count,
        })),
      );
      setFunnel(counts);
    })();
  }, []);
  return funnel;
}

export function DashboardPage() {
  const distribution = useApi<Distribution>('/api/lead-qualification/lead-scores/distribution/');
  const statistics = useApi<Statistics>('/api/lead-qualification/workflows/statistics/');
  const recent = useApi<Execution[]>('/api/lead-qualification/workflow-executions/recent/?limit=10');
  const queues = useApi<QueuesOverview>('/api/jobs/?failed_limit=10');
  const backlog = useApi<StartBacklog>('/api/lead-qualification/workflow-executions/backlog/');
  const funnel = useStageFunnel();

  return (
    <>
      <PageHeader title="Dashboard" />
      <div className="cards">
        <section className="panel" aria-labelledby="distribution">
          <h2 id="distribution">Score distribution</h2>
          <Loading state={distribution}>
            {(d) => (
              <>
                <BarChart
                  title="Leads per score bucket"
                  series={['leads']}
                  bars={BUCKETS.map((b) => ({ label: b.label, values: [d[b.key]] }))}
                />
                <p>Average score: {d.avg_score}</p>
              </>
            )}
          </Loading>
        </section>
        <section className="panel" aria-labelledby="funnel">
          <h2 id="funnel">Stage funnel</h2>
          {funnel ? (
            <BarChart
              title="Leads per qualification stage"
              series={['leads']}
              bars={funnel.map((f) => ({ label: f.stage, values: [f.count] }))}
            />
          ) : (
            <p>Loading…</p>
          )}
        </section>
        <section className="panel" aria-labelledby="workflow-stats">
          <h2 id="workflow-stats">Workflows</h2>
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
        </section>
        <section className="panel" aria-labelledby="start-backlog">
          <h2 id="start-backlog">Waiting to start</h2>
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
        </section>
      </div>
      <div className="cards">
        <section aria-labelledby="recent">
          <h2 id="recent">Recent executions</h2>
          <Loading state={recent}>
            {(executions) => (
              <DataTable
                columns={[col.execution, col.workflow, col.lead, col.status, col.started]}
                rows={executions}
                rowKey={executionKey}
              />
            )}
          </Loading>
        </section>
        <section aria-labelledby="failed-jobs">
          <h2 id="failed-jobs">Failed jobs</h2>
          {queues.error ? (
            <p>Job queues are not reported by this API.</p>
          ) : (
            <Loading state={queues}>
              {(overview) => (
                <ul>
                  {overview.queues.map((queue) => (
                    <li key={queue.name}>
                      <strong>{queue.name}</strong>: {queue.counts.failed ?? 0} failed
                      <ul>
                        {queue.failed.map((job) => (
                          <li key={job.job_id}>
                            job {job.job_id}: {job.error ?? 'no message'}
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              )}
            </Loading>
          )}
        </section>
      </div>
    </>
  );
}
