import { Alert, Button, SimpleGrid } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Execution, Lead, LeadScore, Page } from '../../api/types';
import { BarFigure, LineFigure, seriesOf } from '../../components/charts';
import { Link } from '../../app/router';
import { useApi } from '../../app/use-api';
import { type Column, ApiTable } from '../../components/ApiTable';
import { executionColumns as col, executionKey } from '../../components/execution-columns';
import { leadName, UserName } from '../../components/names';
import { ErrorMessage, formatAxisDate, formatDate, Loading, PageHeader, Panel } from '../../components/ui';
import { leadStory } from './lead-story';
import { scoreChanges } from './score-changes';
import type { InputRecords } from './score-inputs';
import { CATEGORIES } from '@leadflow/domain/src/rule';
import { displayText } from '../../app/display-text';

interface Activity {
  id: number;
  type: string;
  occurred_at: string;
  created_at: string;
  metadata: Record<string, unknown>;
}
interface StageChange {
  id: number;
  from_stage: string;
  to_stage: string;
  score: number;
  changed_at?: string;
  created_at?: string;
}
interface SentEmail {
  id: number;
  to: string;
  subject: string;
  sent_at: string | null;
  created_at: string;
}
interface Task {
  id: number;
  title: string;
  priority: string;
  status: string;
  due_at: string | null;
  created_at?: string;
}
interface Criterion {
  stage: string;
  minimum_score: number;
}

const LEAD_FIELDS = [
  'email',
  'phone',
  'company',
  'title',
  'industry',
  'company_size',
  'status',
  'source',
  'owner_id',
  'job_level',
  'company_revenue',
];

type MatchedRule = LeadScore['matched_rules'][number];

/**
 * The rules of the latest calculation; a rule deleted since is named from that calculation (which held it)
 * rather than linked to a page that no longer exists. `current` is undefined until the rule list is read.
 */
const matchedRuleColumns = (current: Set<string> | undefined): Column<MatchedRule>[] => [
  {
    header: 'Rule',
    cell: (rule) =>
      current && !current.has(rule.rule_id) ? (
        <span title={`id ${rule.rule_id}`}>
          deleted rule ‘{rule.name}’ (id {rule.rule_id})
        </span>
      ) : (
        <Link to={`/lead_qualification/scoring-rules/${rule.rule_id}/`} title={`id ${rule.rule_id}`}>
          {rule.name}
        </Link>
      ),
  },
  { header: 'Category', cell: (rule) => rule.category },
  { header: 'Points', cell: (rule) => rule.points },
];

/** The lead's story: its facts, dated score with the stage bands, why, and everything that happened to it. */
export function LeadPage({ id, canEdit }: { id: number; canEdit: boolean }) {
  const lead = useApi<Lead>(`/api/leads/${id}/`);
  const criteria = useApi<Page<Criterion>>('/api/lead-qualification/qualification-criteria/?page_size=100');
  const rules = useApi<Page<{ id: number }>>('/api/lead-qualification/scoring-rules/?page_size=500');
  const [recalculating, setRecalculating] = useState(false);
  const [recalculated, setRecalculated] = useState<{ score?: number; error?: unknown }>();
  const recalculate = async () => {
    setRecalculating(true);
    try {
      const { score } = await api.post<{ score: number }>('/api/lead-qualification/lead-scores/calculate/', {
        lead_id: id,
      });
      setRecalculated({ score });
    } catch (error) {
      setRecalculated({ error });
    } finally {
      setRecalculating(false);
    }
  };
  const history = useApi<LeadScore[]>(`/api/lead-qualification/lead-scores/history/?lead_id=${id}`);
  const stages = useApi<StageChange[]>(`/api/lead-qualification/lead-scores/stage_history/?lead_id=${id}`);
  const activities = useApi<Page<Activity>>(`/api/leads/${id}/activities/?page_size=100`);
  const enrichment = useApi<{ fields: InputRecords['enriched'] }>(`/api/leads/${id}/enrichment/`);
  const tasks = useApi<Page<Task>>(`/api/tasks/?lead_id=${id}&page_size=100`);
  const emails = useApi<SentEmail[]>(`/api/sent-emails/?lead_id=${id}`);
  const notifications = useApi<Page<{ message: string; read_at: string | null; created_at: string }>>(
    `/api/notifications/?lead_id=${id}&page_size=100`,
  );
  const executions = useApi<Page<Execution>>(
    `/api/lead-qualification/workflow-executions/?lead=${id}&page_size=100`,
  );

  return (
    <Loading state={lead}>
      {(found) => {
        const latest = history.data?.[0];
        // the inputs recorded between calculations, which each score change names
        const records: InputRecords = {
          activities: activities.data?.results ?? [],
          enriched: enrichment.data?.fields ?? {},
        };
        return (
          <>
            <PageHeader
              title={`Lead: ${leadName(found)}`}
              actions={
                canEdit && (
                  <Button loading={recalculating} onClick={() => void recalculate()}>
                    Recalculate score
                  </Button>
                )
              }
            />
            <ErrorMessage error={recalculated?.error} />
            {recalculated?.score !== undefined && (
              <Alert color="green" variant="light" role="status" mb="sm">
                Recalculated: score {recalculated.score}.
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mb="md">
              <Panel
                id="lead-facts"
                title={`Score ${found.score} · stage ${found.qualification_stage} · grade ${found.grade ?? '—'}${
                  found.outcome ? ` · ${found.outcome}` : ''
                }`}
              >
                {found.predicted_win_probability !== null ? (
                  <p>
                    Predicted win probability {(100 * found.predicted_win_probability).toFixed(0)} % (model
                    version {found.prediction_model_version},{' '}
                    <Link to="/lead_qualification/analytics/">model card</Link>)
                  </p>
                ) : null}
                <dl className="facts">
                  {LEAD_FIELDS.map((field) => (
                    <div key={field} style={{ display: 'contents' }}>
                      <dt>{field}</dt>
                      <dd>
                        {found[field] === null || found[field] === undefined ? (
                          '—'
                        ) : field === 'owner_id' && found.owner_id !== null ? (
                          <UserName id={found.owner_id} />
                        ) : (
                          displayText(found[field])
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              </Panel>
              <Panel id="score-history" title="Score history">
                <LineFigure
                  title="Score over time"
                  categoryKey="date"
                  xLabel="Calculated"
                  yLabel="Score"
                  series={seriesOf([{ name: 'score', label: 'Score' }])}
                  references={(criteria.data?.results ?? []).map((criterion) => ({
                    y: criterion.minimum_score,
                    label: criterion.stage,
                  }))}
                  rows={[...(history.data ?? [])]
                    .reverse()
                    .map((entry) => ({ date: formatAxisDate(entry.calculated_at), score: entry.score }))}
                />
              </Panel>
              <Panel id="breakdown" title="Current breakdown">
                {latest ? (
                  <BarFigure
                    horizontal
                    title="Points by category"
                    categoryKey="category"
                    xLabel="Category"
                    yLabel="Points"
                    series={seriesOf([{ name: 'points', label: 'Points' }])}
                    rows={CATEGORIES.map((category) => ({
                      category,
                      points: latest.score_breakdown[category],
                    }))}
                  />
                ) : (
                  <p>Not scored yet.</p>
                )}
              </Panel>
            </SimpleGrid>

            <section aria-labelledby="why">
              <h2 id="why">Why this score</h2>
              {latest ? (
                <ApiTable
                  caption={
                    <>
                      Rules matched in the latest calculation ({formatDate(latest.calculated_at)}, rule-set
                      version {latest.rule_set_version})
                    </>
                  }
                  columns={matchedRuleColumns(
                    rules.data ? new Set(rules.data.results.map((rule) => String(rule.id))) : undefined,
                  )}
                  rows={latest.matched_rules}
                  rowKey={(rule) => rule.rule_id}
                />
              ) : (
                <p>No calculation yet.</p>
              )}
            </section>

            <section aria-labelledby="story">
              <h2 id="story">Story</h2>
              <ol className="story" aria-label="What happened to the lead, newest first">
                {leadStory({
                  ...records,
                  changes: scoreChanges(history.data ?? [], records),
                  stages: stages.data ?? [],
                  runs: executions.data?.results ?? [],
                  tasks: tasks.data?.results ?? [],
                  emails: emails.data ?? [],
                  notifications: notifications.data?.results ?? [],
                }).map((entry, index) => (
                  <li key={index}>
                    <time dateTime={entry.at}>{formatDate(entry.at)}</time> <strong>{entry.kind}</strong>{' '}
                    {entry.to ? <Link to={entry.to}>{entry.text}</Link> : entry.text}
                  </li>
                ))}
              </ol>
            </section>

            <section aria-labelledby="activities">
              <h2 id="activities">Activities</h2>
              <ul>
                {(activities.data?.results ?? []).map((activity) => (
                  <li key={activity.id}>
                    {activity.type} ({formatDate(activity.occurred_at)})
                  </li>
                ))}
                {activities.data?.count === 0 && <li>No activities.</li>}
              </ul>
            </section>

            <section aria-labelledby="emails">
              <h2 id="emails">Emails sent</h2>
              <ul>
                {(emails.data ?? []).map((email) => (
                  <li key={email.id}>
                    “{email.subject}” to {email.to} (
                    {email.sent_at ? `sent ${formatDate(email.sent_at)}` : 'not sent yet'})
                  </li>
                ))}
                {emails.data?.length === 0 && <li>No emails sent.</li>}
              </ul>
            </section>

            <section aria-labelledby="executions">
              <h2 id="executions">Workflow executions</h2>
              <ApiTable
                columns={[col.execution, col.workflow, col.status, col.started]}
                rows={executions.data?.results ?? []}
                rowKey={executionKey}
              />
            </section>
          </>
        );
      }}
    </Loading>
  );
}
