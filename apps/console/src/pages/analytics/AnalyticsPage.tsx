import { Button, Checkbox, Table } from '@mantine/core';
import { useState } from 'react';
import { navigate } from '../../app/router';
import { useApi } from '../../app/use-api';
import { ErrorMessage, PageHeader } from '../../components/ui';

interface Rate {
  rate: number;
  wins: number;
  total: number;
  low: number;
  high: number | null;
}

interface RuleConversion {
  rule_id: string;
  name: string;
  category: string;
  current_points: number;
  matched: number;
  win_rate_matched: Rate;
  win_rate_unmatched: Rate;
  lift: { ratio: number; low: number; high: number | null } | null;
  no_evidence: boolean;
  suggested_points: number;
}

interface Threshold {
  threshold: number;
  true_positive_rate: number;
  false_positive_rate: number;
  youden_j: number;
  stage?: string;
}

/** The stored win model (GET analytics/model/): what the predictive score on leads comes from. */
interface WinModel {
  version: number;
  fitted_at: string;
  rule_set_version: number;
  features: { rule_id: string; name: string; coefficient: number }[];
  sample_size: number;
  held_out_auc: number | null;
  predictive_score_enabled: boolean;
}

interface Analytics {
  rule_set_version: number;
  sample: { decided: number; won: number; lost: number; scored_at_outcome: number };
  rules: RuleConversion[];
  model: {
    features: string[];
    lambda: number;
    sample_size: number;
    held_out_size: number;
    held_out_auc: number | null;
    converged: boolean;
    fitted_at: string;
  } | null;
  quality: {
    auc: number | null;
    by_score: (Rate & { label: string })[];
    by_stage: (Rate & { label: string })[];
    best_thresholds: Threshold[];
    stage_thresholds: Threshold[];
  };
}

const percent = (rate: number | null | undefined) => (rate == null ? '–' : `${(100 * rate).toFixed(1)} %`);
const fixed = (value: number | null | undefined) => (value == null ? '–' : value.toFixed(2));
const interval = (low: number, high: number | null, format = fixed) =>
  `${format(low)} – ${high === null ? '∞' : format(high)}`;

function RateTable({
  caption,
  rows,
  first,
}: {
  caption: string;
  rows: (Rate & { label: string })[];
  first: string;
}) {
  return (
    <Table striped withTableBorder captionSide="top" my="sm">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{first}</Table.Th>
          <Table.Th scope="col">Decided leads</Table.Th>
          <Table.Th scope="col">Won</Table.Th>
          <Table.Th scope="col">Win rate</Table.Th>
          <Table.Th scope="col">95 % interval</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.label}>
            <Table.Th scope="row">{row.label}</Table.Th>
            <Table.Td>{row.total}</Table.Td>
            <Table.Td>{row.wins}</Table.Td>
            <Table.Td>{row.total === 0 ? '–' : percent(row.rate)}</Table.Td>
            <Table.Td>{row.total === 0 ? '–' : interval(row.low, row.high, percent)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * Conversion analytics: per rule, what the won and lost leads say about it (lift with its interval, a flag
 * when there is no evidence, the suggested points); how well the score separated them. Suggestions are
 * taken into a draft on the simulate page, never applied from here.
 */
export function AnalyticsPage({ canEdit }: { canEdit: boolean }) {
  const { data, error } = useApi<Analytics>('/api/lead-qualification/analytics/');
  // 404 until a model is fitted: then there is no stored card to show
  const stored = useApi<WinModel>('/api/lead-qualification/analytics/model/').data;
  const [accepted, setAccepted] = useState<Set<string>>();
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <p>Loading…</p>;
  const changes = data.rules.filter((rule) => rule.suggested_points !== rule.current_points);
  const chosen = accepted ?? new Set(changes.map((rule) => rule.rule_id));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setAccepted(next);
  };
  const { sample, quality, model } = data;
  return (
    <>
      <PageHeader title="Conversion analytics" />
      <p>
        {sample.decided} decided leads ({sample.won} won, {sample.lost} lost), each read at its outcome date;{' '}
        {sample.scored_at_outcome} had a score by then. Rule-set version {data.rule_set_version}.
      </p>
      {sample.decided === 0 ? (
        <p>
          No lead is won or lost yet: mark outcomes on leads (or import them) to see which points to change.
        </p>
      ) : null}
      <Table striped withTableBorder captionSide="top" my="sm">
        <Table.Caption>Rules: what the outcomes say</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Take</Table.Th>
            <Table.Th scope="col">Rule</Table.Th>
            <Table.Th scope="col">Matched</Table.Th>
            <Table.Th scope="col">Win rate matched</Table.Th>
            <Table.Th scope="col">Win rate others</Table.Th>
            <Table.Th scope="col">Lift (95 % interval)</Table.Th>
            <Table.Th scope="col">Points</Table.Th>
            <Table.Th scope="col">Suggested</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.rules.map((rule) => (
            <Table.Tr key={rule.rule_id}>
              <Table.Td>
                <Checkbox
                  aria-label={`Take the suggestion for ${rule.name}`}
                  disabled={rule.suggested_points === rule.current_points}
                  checked={chosen.has(rule.rule_id)}
                  onChange={(event) => {
                    toggle(rule.rule_id, event.currentTarget.checked);
                  }}
                />
              </Table.Td>
              <Table.Th scope="row">{rule.name}</Table.Th>
              <Table.Td>{rule.matched}</Table.Td>
              <Table.Td>{percent(rule.win_rate_matched.rate)}</Table.Td>
              <Table.Td>{percent(rule.win_rate_unmatched.rate)}</Table.Td>
              <Table.Td>
                {rule.lift ? `${fixed(rule.lift.ratio)} (${interval(rule.lift.low, rule.lift.high)})` : '–'}
                {rule.no_evidence ? <span className="badge"> no evidence</span> : null}
              </Table.Td>
              <Table.Td>{rule.current_points}</Table.Td>
              <Table.Td>{rule.suggested_points}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canEdit ? (
        <Button
          type="button"
          disabled={chosen.size === 0}
          onClick={() => {
            navigate(`/lead_qualification/simulate/?draft=analytics&accept=${[...chosen].join(',')}`);
          }}
        >
          Use suggestions in a draft
        </Button>
      ) : null}
      <details>
        <summary>Model card</summary>
        {model ? (
          <dl>
            <dt>Model</dt>
            <dd>L2-regularized logistic regression (λ = {model.lambda}) on the rules' matches</dd>
            <dt>Features</dt>
            <dd>{model.features.length} rules</dd>
            <dt>Sample size</dt>
            <dd>{model.sample_size} decided leads</dd>
            <dt>AUC on held-out leads</dt>
            <dd>
              {fixed(model.held_out_auc)} ({model.held_out_size} leads left out of the fit)
            </dd>
            <dt>Fitted</dt>
            <dd>{new Date(model.fitted_at).toLocaleString()}</dd>
          </dl>
        ) : (
          <p>No model: it needs rules and both won and lost leads.</p>
        )}
        {stored ? (
          <Table striped withTableBorder captionSide="top" my="sm">
            <Table.Caption>
              Stored win model, version {stored.version} (rule-set version {stored.rule_set_version}), fitted{' '}
              {new Date(stored.fitted_at).toLocaleString()} on {stored.sample_size} leads, held-out AUC{' '}
              {fixed(stored.held_out_auc)}; predictive score {stored.predictive_score_enabled ? 'on' : 'off'}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Feature (rule)</Table.Th>
                <Table.Th scope="col">Coefficient</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stored.features.map((feature) => (
                <Table.Tr key={feature.rule_id}>
                  <Table.Th scope="row">{feature.name}</Table.Th>
                  <Table.Td>{fixed(feature.coefficient)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </details>
      <h2>How well the score separates won from lost</h2>
      <p>AUC of the score at the outcome date: {fixed(quality.auc)}</p>
      <RateTable caption="Win rate per score bucket" rows={quality.by_score} first="Score" />
      <RateTable caption="Win rate per stage" rows={quality.by_stage} first="Stage" />
      <Table striped withTableBorder captionSide="top" my="sm">
        <Table.Caption>Thresholds</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Threshold</Table.Th>
            <Table.Th scope="col">Won at or above</Table.Th>
            <Table.Th scope="col">Lost at or above</Table.Th>
            <Table.Th scope="col">Youden's J</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[
            ...quality.best_thresholds.map((row) => ({ ...row, label: `best: ${row.threshold}` })),
            ...quality.stage_thresholds.map((row) => ({
              ...row,
              label: `${row.stage ?? ''}: ${row.threshold}`,
            })),
          ].map((row) => (
            <Table.Tr key={row.label}>
              <Table.Th scope="row">{row.label}</Table.Th>
              <Table.Td>{percent(row.true_positive_rate)}</Table.Td>
              <Table.Td>{percent(row.false_positive_rate)}</Table.Td>
              <Table.Td>{fixed(row.youden_j)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
