import { Alert } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { Page } from '../../api/types';
import { useLeaveGuard } from '../../app/router';
import { useApi } from '../../app/use-api';
import { RescoringProgress } from '../../components/RescoringProgress';
import { Field, Loading, PageHeader } from '../../components/ui';

interface Criterion {
  id?: number;
  name: string;
  stage: string;
  minimum_score: number;
  required_fields: string[];
  required_actions: string[];
  time_constraint_days: number | null;
  is_active: boolean;
  description?: string;
  /** a stage of the user's own, outside KNOWN_STAGES */
  custom_stage?: boolean;
}

/** The stages a criterion names without declaring them (the API's known set); others are custom. */
const KNOWN_STAGES = ['mql', 'sql', 'hot'];

const CRITERIA = '/api/lead-qualification/qualification-criteria/';
const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const blank = (): Criterion => ({
  name: '',
  stage: '',
  minimum_score: 40,
  required_fields: [],
  required_actions: [],
  time_constraint_days: null,
  is_active: true,
});

/** The document the API takes: the criterion's own fields only, and no time limit rather than null. */
function documentOf(criterion: Criterion): Record<string, unknown> {
  const { name, stage, minimum_score, required_fields, required_actions, time_constraint_days, is_active } =
    criterion;
  return {
    name,
    stage,
    minimum_score,
    required_fields,
    required_actions,
    is_active,
    ...(time_constraint_days === null ? {} : { time_constraint_days }),
    ...(criterion.description !== undefined ? { description: criterion.description } : {}),
    ...(criterion.custom_stage === true ? { custom_stage: true } : {}),
  };
}

/** One criterion's form; new ones are created, existing ones replaced (each publishes a rule-set version). */
function CriterionForm({
  initial,
  onSaved,
  canEdit,
}: {
  initial: Criterion;
  onSaved: () => void;
  canEdit: boolean;
}) {
  const [criterion, setCriterion] = useState(initial);
  // the criterion as last loaded or saved: the form has unsaved changes while it differs from it
  const [baseline, setBaseline] = useState(() => JSON.stringify(documentOf(initial)));
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const [rescoringJob, setRescoringJob] = useState<string>();
  const unsaved = canEdit && JSON.stringify(documentOf(criterion)) !== baseline;
  useLeaveGuard(
    unsaved
      ? `The criterion "${initial.name || 'new'}" has unsaved changes. Leave and lose them?`
      : undefined,
  );
  const at = (field: string) => error?.at(field).map((e) => e.message) ?? [];
  const set = (changes: Partial<Criterion>) => {
    setCriterion({ ...criterion, ...changes });
    setSaved(false);
  };
  const save = async () => {
    try {
      const published =
        criterion.id === undefined
          ? await api.publish('POST', CRITERIA, documentOf(criterion))
          : await api.publish('PUT', `${CRITERIA}${criterion.id}/`, documentOf(criterion));
      setError(undefined);
      setSaved(true);
      setBaseline(JSON.stringify(documentOf(criterion)));
      setRescoringJob(published.rescoringJob);
      onSaved();
    } catch (failure) {
      if (failure instanceof ApiError) setError(failure);
      else throw failure;
    }
  };
  const remove = async () => {
    if (criterion.id === undefined || !window.confirm(`Delete the criterion "${criterion.name}"?`)) return;
    await api.delete(`${CRITERIA}${criterion.id}/`);
    onSaved();
  };
  const title = criterion.id === undefined ? 'New criterion' : `${initial.name} (${initial.stage})`;
  return (
    <fieldset className="panel" disabled={!canEdit}>
      <legend>{title}</legend>
      <Field label={`Name of ${title}`} errors={at('name')}>
        {(props) => (
          <input
            {...props}
            value={criterion.name}
            onChange={(e) => {
              set({ name: e.target.value });
            }}
          />
        )}
      </Field>
      <Field label={`Stage of ${title}`} errors={at('stage')}>
        {(props) => (
          <>
            <input
              {...props}
              list="known-stages"
              value={criterion.stage}
              onChange={(e) => {
                set({ stage: e.target.value });
              }}
            />
            <datalist id="known-stages">
              {KNOWN_STAGES.map((stage) => (
                <option key={stage} value={stage} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <div className="field checkbox">
        <label>
          <input
            type="checkbox"
            checked={criterion.custom_stage === true}
            onChange={(e) => {
              set({ custom_stage: e.target.checked });
            }}
          />
          {title}: a stage of our own (not {KNOWN_STAGES.join(', ')})
        </label>
      </div>
      <Field label={`Minimum score of ${title}`} errors={at('minimum_score')}>
        {(props) => (
          <input
            {...props}
            type="number"
            min={0}
            max={100}
            value={criterion.minimum_score}
            onChange={(e) => {
              set({ minimum_score: Number(e.target.value) });
            }}
          />
        )}
      </Field>
      <Field
        label={`Required fields of ${title}`}
        hint="comma-separated lead fields"
        errors={at('required_fields')}
      >
        {(props) => (
          <input
            {...props}
            value={criterion.required_fields.join(', ')}
            onChange={(e) => {
              set({ required_fields: list(e.target.value) });
            }}
          />
        )}
      </Field>
      <Field
        label={`Required actions of ${title}`}
        hint="comma-separated activity types"
        errors={at('required_actions')}
      >
        {(props) => (
          <input
            {...props}
            value={criterion.required_actions.join(', ')}
            onChange={(e) => {
              set({ required_actions: list(e.target.value) });
            }}
          />
        )}
      </Field>
      <Field
        label={`Time limit in days of ${title}`}
        hint="empty: no limit"
        errors={at('time_constraint_days')}
      >
        {(props) => (
          <input
            {...props}
            type="number"
            min={0}
            value={criterion.time_constraint_days ?? ''}
            onChange={(e) => {
              set({ time_constraint_days: e.target.value === '' ? null : Number(e.target.value) });
            }}
          />
        )}
      </Field>
      <div className="field checkbox">
        <label>
          <input
            type="checkbox"
            checked={criterion.is_active}
            onChange={(e) => {
              set({ is_active: e.target.checked });
            }}
          />
          {title} is active
        </label>
      </div>
      {error && (
        <Alert color="red" variant="light" role="alert" my="xs">
          Not saved: {error.message}
        </Alert>
      )}
      {saved && (
        <Alert color="green" variant="light" role="status" my="xs">
          Saved; a new rule-set version is published.
        </Alert>
      )}
      {saved && rescoringJob !== undefined && <RescoringProgress jobId={rescoringJob} />}
      <div className="actions">
        <button type="button" onClick={() => void save()}>
          Save {criterion.id === undefined ? 'new criterion' : initial.name}
        </button>
        {criterion.id !== undefined && (
          <button type="button" className="danger" onClick={() => void remove()}>
            Delete
          </button>
        )}
      </div>
    </fieldset>
  );
}

/** Qualification criteria, lowest minimum score first, each editable in place, and a form for a new one. */
export function CriteriaPage({ canEdit }: { canEdit: boolean }) {
  const criteria = useApi<Page<Criterion>>(`${CRITERIA}?page_size=100`);
  const [generation, setGeneration] = useState(0);
  const reload = () => {
    criteria.reload();
    setGeneration((g) => g + 1);
  };
  return (
    <>
      <PageHeader title="Qualification criteria" />
      <p>
        A lead's stage is the highest stage whose minimum score, required fields and required actions it
        meets.
      </p>
      <Loading state={criteria}>
        {(page) => (
          <div className="cards">
            {page.results.map((criterion) => (
              <CriterionForm key={criterion.id} initial={criterion} onSaved={reload} canEdit={canEdit} />
            ))}
            {canEdit && (
              <CriterionForm key={`new-${generation}`} initial={blank()} onSaved={reload} canEdit={canEdit} />
            )}
          </div>
        )}
      </Loading>
    </>
  );
}
