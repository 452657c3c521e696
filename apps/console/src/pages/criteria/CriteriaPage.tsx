import {
  Alert,
  Autocomplete,
  Button,
  Checkbox,
  Fieldset,
  Group,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { Page } from '../../api/types';
import { useLeaveGuard } from '../../app/router';
import { useApi } from '../../app/use-api';
import { RescoringProgress } from '../../components/RescoringProgress';
import { fieldError, Loading, NumberField, PageHeader } from '../../components/ui';

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
  // the API's problems with one field, shown under it (Mantine ties them to the input for screen readers)
  const errorAt = (field: string) => fieldError(at(field));
  return (
    <Fieldset legend={title} disabled={!canEdit} mb="md">
      <Stack gap="xs">
        <TextInput
          label={`Name of ${title}`}
          error={errorAt('name')}
          value={criterion.name}
          onChange={(e) => {
            set({ name: e.currentTarget.value });
          }}
        />
        <Autocomplete
          label={`Stage of ${title}`}
          error={errorAt('stage')}
          data={KNOWN_STAGES}
          value={criterion.stage}
          onChange={(stage) => {
            set({ stage });
          }}
        />
        <Checkbox
          label={`${title}: a stage of our own (not ${KNOWN_STAGES.join(', ')})`}
          checked={criterion.custom_stage === true}
          onChange={(e) => {
            set({ custom_stage: e.currentTarget.checked });
          }}
        />
        <NumberField
          label={`Minimum score of ${title}`}
          error={errorAt('minimum_score')}
          min={0}
          max={100}
          value={criterion.minimum_score}
          onValue={(value) => {
            set({ minimum_score: Number(value) });
          }}
        />
        <TextInput
          label={`Required fields of ${title}`}
          description="comma-separated lead fields"
          error={errorAt('required_fields')}
          value={criterion.required_fields.join(', ')}
          onChange={(e) => {
            set({ required_fields: list(e.currentTarget.value) });
          }}
        />
        <TextInput
          label={`Required actions of ${title}`}
          description="comma-separated activity types"
          error={errorAt('required_actions')}
          value={criterion.required_actions.join(', ')}
          onChange={(e) => {
            set({ required_actions: list(e.currentTarget.value) });
          }}
        />
        <NumberField
          label={`Time limit in days of ${title}`}
          description="empty: no limit"
          error={errorAt('time_constraint_days')}
          min={0}
          value={criterion.time_constraint_days ?? ''}
          onValue={(value) => {
            set({ time_constraint_days: value === '' ? null : Number(value) });
          }}
        />
        <Checkbox
          label={`${title} is active`}
          checked={criterion.is_active}
          onChange={(e) => {
            set({ is_active: e.currentTarget.checked });
          }}
        />
      </Stack>
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
      <Group gap="xs" my="sm">
        <Button type="button" onClick={() => void save()}>
          Save {criterion.id === undefined ? 'new criterion' : initial.name}
        </Button>
        {criterion.id !== undefined && (
          <Button color="red" variant="outline" type="button" onClick={() => void remove()}>
            Delete
          </Button>
        )}
      </Group>
    </Fieldset>
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
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {page.results.map((criterion) => (
              <CriterionForm key={criterion.id} initial={criterion} onSaved={reload} canEdit={canEdit} />
            ))}
            {canEdit && (
              <CriterionForm key={`new-${generation}`} initial={blank()} onSaved={reload} canEdit={canEdit} />
            )}
          </SimpleGrid>
        )}
      </Loading>
    </>
  );
}
