import { Button, Checkbox } from '@mantine/core';
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
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">Decided leads</th>
          <th scope="col">Won</th>
          <th scope="col">Win rate</th>
          <th scope="col">95 % interval</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td>{row.total}</td>
            <td>{row.wins}</td>
            <td>{row.total === 0 ? '–' : percent(row.rate)}</td>
            <td>{row.total === 0 ? '–' : interval(row.low, row.high, percent)}</td>
          </tr>
        ))}
      </tbody>
    </table>
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
      <table>
        <caption>Rules: what the outcomes say</caption>
        <thead>
          <tr>
            <th scope="col">Take</th>
            <th scope="col">Rule</th>
            <th scope="col">Matched</th>
            <th scope="col">Win rate matched</th>
            <th scope="col">Win rate others</th>
            <th scope="col">Lift (95 % interval)</th>
            <th scope="col">Points</th>
            <th scope="col">Suggested</th>
          </tr>
        </thead>
        <tbody>
          {data.rules.map((rule) => (
            <tr key={rule.rule_id}>
              <td>
                <Checkbox
                  aria-label={`Take the suggestion for ${rule.name}`}
                  disabled={rule.suggested_points === rule.current_points}
                  checked={chosen.has(rule.rule_id)}
                  onChange={(event) => {
                    toggle(rule.rule_id, event.currentTarget.checked);
                  }}
                />
              </td>
              <th scope="row">{rule.name}</th>
              <td>{rule.matched}</td>
              <td>{percent(rule.win_rate_matched.rate)}</td>
              <td>{percent(rule.win_rate_unmatched.rate)}</td>
              <td>
                {rule.lift ? `${fixed(rule.lift.ratio)} (${interval(rule.lift.low, rule.lift.high)})` : '–'}
                {rule.no_evidence ? <span className="badge"> no evidence</span> : null}
              </td>
              <td>{rule.current_points}</td>
              <td>{rule.suggested_points}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
          <table>
            <caption>
              Stored win model, version {stored.version} (rule-set version {stored.rule_set_version}), fitted{' '}
              {new Date(stored.fitted_at).toLocaleString()} on {stored.sample_size} leads, held-out AUC{' '}
              {fixed(stored.held_out_auc)}; predictive score {stored.predictive_score_enabled ? 'on' : 'off'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Feature (rule)</th>
                <th scope="col">Coefficient</th>
              </tr>
            </thead>
            <tbody>
              {stored.features.map((feature) => (
                <tr key={feature.rule_id}>
                  <th scope="row">{feature.name}</th>
                  <td>{fixed(feature.coefficient)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </details>
      <h2>How well the score separates won from lost</h2>
      <p>AUC of the score at the outcome date: {fixed(quality.auc)}</p>
      <RateTable caption="Win rate per score bucket" rows={quality.by_score} first="Score" />
      <RateTable caption="Win rate per stage" rows={quality.by_stage} first="Stage" />
      <table>
        <caption>Thresholds</caption>
        <thead>
          <tr>
            <th scope="col">Threshold</th>
            <th scope="col">Won at or above</th>
            <th scope="col">Lost at or above</th>
            <th scope="col">Youden's J</th>
          </tr>
        </thead>
        <tbody>
          {[
            ...quality.best_thresholds.map((row) => ({ ...row, label: `best: ${row.threshold}` })),
            ...quality.stage_thresholds.map((row) => ({
              ...row,
              label: `${row.stage ?? ''}: ${row.threshold}`,
            })),
          ].map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{percent(row.true_positive_rate)}</td>
              <td>{percent(row.false_positive_rate)}</td>
              <td>{fixed(row.youden_j)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
