import { Alert, Box, Button, Flex, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, ApiError, type FieldError } from '../../api/client';
import type { Problem, RuleTestResult, RuleValidationReport, ScoringRule } from '../../api/types';
import { navigate, useLeaveGuard } from '../../app/router';
import { LeadIdSelect } from '../../components/names';
import { RescoringProgress } from '../../components/RescoringProgress';
import { ErrorMessage, PageHeader, Panel } from '../../components/ui';
import { draftRuleOf } from '@leadflow/dsl/src/draft-rule';
import type { DraftFlatRule, DraftRule } from '@leadflow/dsl/src/types';
import { describeJsonError, type JsonSyntaxError } from '../../rules/json-error';
import { ExplanationTree } from './ExplanationTree';
import { RuleForm } from './RuleForm';
import { RuleJson } from './RuleJson';

const RULES = '/api/lead-qualification/scoring-rules/';

/** "/conditions/all/0/value" (the validator's pointers) -> "conditions.all.0.value" (the API's error fields). */
export const fieldOfPointer = (pointer: string) => pointer.split('/').slice(1).join('.');
const asFieldErrors = (problems: Problem[]): FieldError[] =>
  problems.map((p) => ({ field: fieldOfPointer(p.pointer), message: p.message, code: p.code }));

/** Validates the draft with the API as it is edited (debounced): errors, linter warnings and compiled JSON. */
function useValidation(document: DraftRule | undefined): RuleValidationReport | undefined {
  const [report, setReport] = useState<RuleValidationReport>();
  useEffect(() => {
    if (!document) return;
    let current = true;
    const timer = setTimeout(() => {
      api.post<RuleValidationReport>(`${RULES}validate/`, document).then(
        (result) => {
          if (current) setReport(result);
        },
        () => undefined,
      );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [document]);
  return report;
}

/** What a new rule starts as: the guide's flat form with a condition to fill in. */
function emptyRule(): DraftFlatRule {
  return {
    name: '',
    rule_type: 'firmographic',
    field_name: '',
    operator: 'equals',
    value: '',
    points: 10,
    priority: 1,
    is_active: true,
  };
}

const UNSAVED = 'This rule has unsaved changes. Leave and lose them?';

export function RuleEditorPage({ id, canEdit }: { id?: number; canEdit: boolean }) {
  const [document, setDocument] = useState<DraftRule | undefined>(id === undefined ? emptyRule() : undefined);
  // The document as last loaded or saved: the editor has unsaved changes while it differs from it.
  const [baseline, setBaseline] = useState<string | undefined>(
    id === undefined ? JSON.stringify(emptyRule()) : undefined,
  );
  // Typed JSON that does not parse: it stays on the JSON tab (never silently dropped) until fixed or discarded.
  const [jsonError, setJsonError] = useState<JsonSyntaxError>();
  const [leavingJson, setLeavingJson] = useState(false);
  const [stored, setStored] = useState<ScoringRule>();
  const [loadError, setLoadError] = useState<unknown>();
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const [saveError, setSaveError] = useState<ApiError>();
  // A new rule reopens at its own URL once created; `?created` carries the confirmation across.
  const [saved, setSaved] = useState(() => new URLSearchParams(window.location.search).has('created'));
  // the rescoring the last save started, carried across that reopening too
  const [rescoringJob, setRescoringJob] = useState(
    () => new URLSearchParams(window.location.search).get('rescoring') ?? undefined,
  );
  const report = useValidation(document);
  const unsaved =
    canEdit && document !== undefined && (jsonError !== undefined || JSON.stringify(document) !== baseline);
  useLeaveGuard(unsaved ? UNSAVED : undefined);

  useEffect(() => {
    if (id === undefined) return;
    api.get<ScoringRule>(`${RULES}${id}/`).then((rule) => {
      const loaded = draftRuleOf(rule as unknown as Record<string, unknown>);
      setStored(rule);
      setDocument(loaded);
      setBaseline(JSON.stringify(loaded));
    }, setLoadError);
  }, [id]);

  if (loadError) return <ErrorMessage error={loadError} />;
  if (!document) return <p>Loading…</p>;

  const edit = (next: DraftRule) => {
    setDocument(next);
    setSaved(false);
    setSaveError(undefined);
  };
  // The save's own errors win until the next edit; meanwhile the live validation speaks.
  const errors = saveError ? saveError.errors : report ? asFieldErrors(report.errors) : [];

  const save = async () => {
    try {
      const { body: result, rescoringJob: job } =
        id === undefined
          ? await api.publish<ScoringRule>('POST', RULES, document)
          : await api.publish<ScoringRule>('PUT', `${RULES}${id}/`, document);
      setStored(result);
      setSaved(true);
      setRescoringJob(job);
      setBaseline(JSON.stringify(document));
      const rescoring = job === undefined ? '' : `&rescoring=${encodeURIComponent(job)}`;
      if (id === undefined)
        navigate(`/lead_qualification/scoring-rules/${result.id}/?created${rescoring}`, {
          replace: true,
          force: true,
        });
    } catch (error) {
      if (error instanceof ApiError) setSaveError(error);
      else throw error;
    }
  };
  const remove = async () => {
    if (id === undefined || !window.confirm(`Delete the rule "${document.name}"?`)) return;
    await api.delete(`${RULES}${id}/`);
    navigate('/lead_qualification/scoring-rules/', { force: true });
  };

  return (
    <>
      <PageHeader title={id === undefined ? 'Add Scoring Rule' : `Scoring rule: ${stored?.name ?? ''}`} />
      <Flex gap="lg" align="flex-start">
        <Box component="section" flex={1} miw={0} aria-label="Rule">
          <Group role="tablist" aria-label="Views of the rule" gap={4} mb="sm">
            <Button
              type="button"
              role="tab"
              variant={tab === 'form' ? 'filled' : 'default'}
              aria-selected={tab === 'form'}
              onClick={() => {
                // unparsable JSON is not thrown away by a tab switch: the person fixes or discards it
                if (jsonError) setLeavingJson(true);
                else setTab('form');
              }}
            >
              Form
            </Button>
            <Button
              type="button"
              role="tab"
              variant={tab === 'json' ? 'filled' : 'default'}
              aria-selected={tab === 'json'}
              onClick={() => {
                setTab('json');
              }}
            >
              JSON
            </Button>
          </Group>
          <div role="tabpanel">
            {tab === 'form' ? (
              <RuleForm document={document} onChange={edit} errors={errors} readOnly={!canEdit} />
            ) : (
              <RuleJson
                document={document}
                compiled={report?.compiled ?? stored?.compiled ?? null}
                onChange={edit}
                onSyntaxError={(error) => {
                  setJsonError(error);
                  if (!error) setLeavingJson(false);
                }}
                errors={errors}
                readOnly={!canEdit}
              />
            )}
          </div>
          {leavingJson && jsonError && (
            <Alert color="red" variant="light" role="alert" my="xs">
              <Text size="sm" mb="xs">
                The JSON does not parse (line {jsonError.line}, column {jsonError.column}), so the form cannot
                show it. Fix it here, or discard what you typed since it last parsed.
              </Text>
              <Button
                variant="default"
                type="button"
                onClick={() => {
                  setJsonError(undefined);
                  setLeavingJson(false);
                  setTab('form');
                }}
              >
                Discard JSON edits
              </Button>
            </Alert>
          )}
          {saveError && (
            <Alert color="red" variant="light" role="alert" my="xs">
              Not saved: {saveError.message}
              {saveError.errors.length > 0 &&
                ` (${saveError.errors.length} problem${saveError.errors.length > 1 ? 's' : ''} shown at their fields)`}
            </Alert>
          )}
          {saved && (
            <Alert color="green" variant="light" role="status" my="xs">
              Saved; a new rule-set version is published.
            </Alert>
          )}
          {saved && rescoringJob !== undefined && <RescoringProgress jobId={rescoringJob} />}
          {canEdit && (
            <Group gap="xs" my="sm">
              <Button
                type="button"
                disabled={jsonError !== undefined}
                title={jsonError ? `The JSON does not parse: ${describeJsonError(jsonError)}` : undefined}
                onClick={() => void save()}
              >
                Save
              </Button>
              {unsaved && (
                <Text span size="xs" c="dimmed">
                  Unsaved changes
                </Text>
              )}
              {id !== undefined && (
                <Button color="red" variant="outline" type="button" onClick={() => void remove()}>
                  Delete
                </Button>
              )}
            </Group>
          )}
        </Box>
        <Stack component="aside" w={340} miw={340}>
          <LintPanel report={report} />
          <TestOnLead draft={document} />
        </Stack>
      </Flex>
    </>
  );
}

function LintPanel({ report }: { report: RuleValidationReport | undefined }) {
  return (
    <Panel id="lint-title" title="Checks">
      {!report ? (
        <p>Checking…</p>
      ) : (
        <>
          <p role="status">
            {report.valid ? 'Valid rule.' : `${report.errors.length} error(s): see the fields.`}
          </p>
          <Title order={3} size="h5" mb="xs">
            Linter warnings over the rule set
          </Title>
          {report.warnings.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul className="warnings">
              {report.warnings.map((warning) => (
                <li key={`${warning.pointer}-${warning.code}-${warning.message}`}>
                  <code>{warning.code}</code> {warning.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Panel>
  );
}

/**
 * POST scoring-rules/test_rule/ with the rule as it is in the editor (unsaved edits included) on a chosen
 * lead: the points and the explanation, leaf by leaf. The API validates and compiles it as a save would,
 * and stores nothing.
 */
function TestOnLead({ draft }: { draft: DraftRule }) {
  const [leadId, setLeadId] = useState<number>();
  const [result, setResult] = useState<RuleTestResult>();
  const [error, setError] = useState<unknown>();
  const run = async () => {
    if (leadId === undefined) return;
    setError(undefined);
    try {
      setResult(await api.post<RuleTestResult>(`${RULES}test_rule/`, { rule: draft, lead_id: leadId }));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Panel id="test-title" title="Test on lead">
      <Text size="xs" c="dimmed">
        Tests the rule as it is in the editor, unsaved edits included; nothing is saved.
      </Text>
      <LeadIdSelect value={leadId} onChange={setLeadId} />
      <Button type="button" disabled={leadId === undefined} onClick={() => void run()}>
        Test on lead
      </Button>
      <ErrorMessage error={error} />
      {result && (
        <div role="status" className="test-result">
          <p>
            <strong>{result.rule_applied ? 'Rule applied' : 'Rule not applied'}</strong>:{' '}
            {result.points_awarded} points awarded{result.lead ? ` to ${result.lead}` : ''}.
          </p>
          <ul className="explanation">
            <ExplanationTree trace={result.explanation} />
          </ul>
        </div>
      )}
    </Panel>
  );
}
