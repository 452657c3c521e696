import type { Category } from '@leadflow/domain/src/rule';
import { countsTowardGrade } from '@leadflow/domain/src/score-grade';
import { Alert, Button, Checkbox, Group, Table } from '@mantine/core';
import { JsonField } from '../../editor/JsonField';
import { useEffect, useState } from 'react';
import { api, ApiError, query } from '../../api/client';
import type { SimulationResult as Simulation } from '@leadflow/scoring/src/simulation-result';
import { BarFigure, seriesOf } from '../../components/charts';
import { BUCKETS } from '../../components/buckets';
import { Link, useLocation } from '../../app/router';
import { ErrorMessage, NumberField, PageHeader } from '../../components/ui';
import { RescoringProgress } from '../../components/RescoringProgress';
import { APPLY, type ApplyResult, type Bundle, bundleOf, criterionDocument, CURRENT } from './bundle';

const ANALYTICS_DRAFT = '/api/lead-qualification/analytics/draft/';

/** A grade as the tables show it: a dash when there is none (grades off, or never calculated). */
const gradeText = (grade: string | null) => grade ?? '–';

/**
 * Draft the rule set, simulate it on a sample of leads (distribution before/after and the leads whose stage
 * or grade would change), then publish it as one new rule-set version.
 */
export function SimulatePage({ canEdit }: { canEdit: boolean }) {
  const [current, setCurrent] = useState<Bundle>();
  const [draft, setDraft] = useState<Record<string, unknown>[]>([]);
  const [draftText, setDraftText] = useState('');
  const [parseError, setParseError] = useState<string>();
  const [sampleSize, setSampleSize] = useState(100);
  const [simulation, setSimulation] = useState<Simulation>();
  const [published, setPublished] = useState<ApplyResult>();
  const [error, setError] = useState<unknown>();

  const { search } = useLocation();
  // from the analytics page: the current rules with the accepted suggestions in place
  const fromAnalytics = search.get('draft') === 'analytics';
  const accept = search.get('accept') ?? '';
  const load = async (withSuggestions = false) => {
    const bundle = await api.get<Bundle>(CURRENT);
    const rules = withSuggestions
      ? (
          await api.get<{ rules: Record<string, unknown>[] }>(
            `${ANALYTICS_DRAFT}${query({ accept: accept || undefined })}`,
          )
        ).rules
      : bundle.rules;
    setCurrent(bundle);
    setDraft(rules);
    setDraftText(JSON.stringify(rules, null, 2));
  };
  useEffect(() => {
    load(fromAnalytics).catch(setError);
  }, [fromAnalytics]);

  const setRule = (index: number, changes: Record<string, unknown>) => {
    const next = draft.map((rule, i) => (i === index ? { ...rule, ...changes } : rule));
    setDraft(next);
    setDraftText(JSON.stringify(next, null, 2));
    setSimulation(undefined);
  };
  const simulate = async () => {
    setError(undefined);
    try {
      setSimulation(
        await api.post<Simulation>('/api/lead-qualification/lead-scores/simulate/', {
          rules: draft,
          criteria: current?.criteria.map(criterionDocument),
          sample_size: sampleSize,
        }),
      );
    } catch (failure) {
      setError(failure);
    }
  };
  const publish = async () => {
    if (!current) return;
    setError(undefined);
    try {
      setPublished(await api.post<ApplyResult>(APPLY, bundleOf(current, draft)));
      await load();
    } catch (failure) {
      setError(failure);
    }
  };

  if (!current) return error ? <ErrorMessage error={error} /> : <p>Loading…</p>;
  const changes =
    simulation?.leads.filter(
      (lead) => lead.current_stage !== lead.simulated_stage || lead.current_grade !== lead.simulated_grade,
    ) ?? [];

  return (
    <>
      <PageHeader title="Simulate and publish" />
      <p>
        Edit the draft below (nothing is stored until you publish), simulate it on a sample of leads, then
        publish it as one new rule-set version.{' '}
        <Link to="/lead_qualification/versions/">Version history</Link>
      </p>
      <Table striped withTableBorder captionSide="top" my="sm">
        <Table.Caption>Draft rules ({draft.length})</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Rule</Table.Th>
            <Table.Th scope="col">Rule type</Table.Th>
            <Table.Th scope="col">Points</Table.Th>
            <Table.Th scope="col">Active</Table.Th>
            <Table.Th scope="col">Counts toward grade</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {draft.map((rule, index) => (
            <Table.Tr key={`${String(rule.name)}-${index}`}>
              <Table.Td>{String(rule.name)}</Table.Td>
              <Table.Td>{String(rule.rule_type)}</Table.Td>
              <Table.Td>
                <NumberField
                  size="xs"
                  w={90}
                  aria-label={`Points of ${String(rule.name)}`}
                  value={Number(rule.points)}
                  onValue={(value) => {
                    setRule(index, { points: Number(value) });
                  }}
                />
              </Table.Td>
              <Table.Td>
                <Checkbox
                  aria-label={`${String(rule.name)} is active`}
                  checked={rule.is_active !== false}
                  onChange={(e) => {
                    setRule(index, { is_active: e.currentTarget.checked });
                  }}
                />
              </Table.Td>
              <Table.Td>
                <Checkbox
                  aria-label={`${String(rule.name)} counts toward the grade`}
                  checked={countsTowardGrade(
                    rule.rule_type as Category,
                    rule.counts_toward_grade as boolean | undefined,
                  )}
                  onChange={(e) => {
                    setRule(index, { counts_toward_grade: e.currentTarget.checked });
                  }}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <details>
        <summary>Draft rules as JSON (add, remove or reshape rules here)</summary>
        <JsonField
          label="Draft rules (JSON array)"
          errors={parseError ? [parseError] : []}
          text={draftText}
          onText={(typed) => {
            setDraftText(typed);
            try {
              const parsed: unknown = JSON.parse(typed);
              if (!Array.isArray(parsed)) throw new Error('the draft must be a JSON array of rules');
              setDraft(parsed as Record<string, unknown>[]);
              setParseError(undefined);
              setSimulation(undefined);
            } catch (failure) {
              setParseError(failure instanceof Error ? failure.message : String(failure));
            }
          }}
        />
      </details>
      <Group gap="xs" my="sm">
        <NumberField
          label="Sample size"
          min={1}
          max={1000}
          value={sampleSize}
          onValue={(value) => {
            setSampleSize(Number(value));
          }}
        />
      </Group>
      <Group gap="xs" my="sm">
        <Button type="button" onClick={() => void simulate()} disabled={Boolean(parseError)}>
          Simulate
        </Button>
        {canEdit && (
          <Button
            variant="default"
            type="button"
            onClick={() => void publish()}
            disabled={Boolean(parseError)}
          >
            Publish
          </Button>
        )}
      </Group>
      {error instanceof ApiError && error.errors.length > 0 ? (
        <Alert color="red" variant="light" role="alert" my="xs">
          <p>{error.message}</p>
          <ul>
            {error.errors.map((problem) => (
              <li key={`${problem.field}-${problem.message}`}>
                <code>{problem.field}</code>: {problem.message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : (
        <ErrorMessage error={error} />
      )}
      {published && (
        <Alert color="green" variant="light" role="status" my="xs">
          {published.rule_set_version === null
            ? 'Nothing to publish: the draft equals the stored rule set.'
            : `Published rule-set version ${published.rule_set_version} (${published.summary.create} created, ${published.summary.update} updated, ${published.summary.delete} deleted).`}
        </Alert>
      )}
      {published?.rescoring && <RescoringProgress jobId={published.rescoring.job_id} />}
      {simulation && (
        <section aria-labelledby="simulation">
          <h2 id="simulation">
            Simulation on {simulation.sample_size} leads (current scores from version{' '}
            {simulation.rule_set_version})
          </h2>
          <BarFigure
            title="Score distribution before and after"
            categoryKey="bucket"
            xLabel="Score"
            yLabel="Leads"
            series={seriesOf([
              { name: 'before', label: 'current rules' },
              { name: 'after', label: 'draft' },
            ])}
            rows={BUCKETS.map((bucket) => ({
              bucket: bucket.label,
              before: simulation.distribution_before[bucket.key],
              after: simulation.distribution_after[bucket.key],
            }))}
          />
          <p>
            Average score: {simulation.distribution_before.avg_score} now,{' '}
            {simulation.distribution_after.avg_score} with the draft.
          </p>
          <Table striped withTableBorder captionSide="top" my="sm">
            <Table.Caption>
              {simulation.stage_changes} leads would change stage, {simulation.grade_changes} would change
              grade
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Lead</Table.Th>
                <Table.Th scope="col">Score now → draft</Table.Th>
                <Table.Th scope="col">Stage now → draft</Table.Th>
                <Table.Th scope="col">Grade now → draft</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((lead) => (
                <Table.Tr key={lead.lead}>
                  <Table.Td>
                    <Link to={`/leads/${lead.lead}/`}>{lead.lead_name}</Link>
                  </Table.Td>
                  <Table.Td>
                    {lead.current_score} → {lead.simulated_score}
                  </Table.Td>
                  <Table.Td>
                    {lead.current_stage} → {lead.simulated_stage}
                  </Table.Td>
                  <Table.Td>
                    {gradeText(lead.current_grade)} → {gradeText(lead.simulated_grade)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
      )}
    </>
  );
}
