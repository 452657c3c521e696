import { useEffect, useState } from 'react';
import { api, ApiError, type FieldError } from '../../api/client';
import type { Problem, RuleTestResult, RuleValidationReport, ScoringRule } from '../../api/types';
import { navigate } from '../../app/router';
import { LeadPicker } from '../../components/LeadPicker';
import { ErrorMessage, PageHeader } from '../../components/ui';
import { emptyRule, type RuleDocument, ruleDocumentOf } from '../../rules/dsl';
import { ExplanationTree } from './ExplanationTree';
import { RuleForm } from './RuleForm';
import { RuleJson } from './RuleJson';

const RULES = '/api/lead-qualification/scoring-rules/';

/** "/conditions/all/0/value" (the validator's pointers) -> "conditions.all.0.value" (the API's error fields). */
export const fieldOfPointer = (pointer: string) => pointer.split('/').slice(1).join('.');
const asFieldErrors = (problems: Problem[]): FieldError[] =>
  problems.map((p) => ({ field: fieldOfPointer(p.pointer), message: p.message, code: p.code }));

/** Validates the draft with the API as it is edited (debounced): errors, linter warnings and compiled JSON. */
function useValidation(document: RuleDocument | undefined): RuleValidationReport | undefined {
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

export function RuleEditorPage({ id, canEdit }: { id?: number; canEdit: boolean }) {
  const [document, setDocument] = useState<RuleDocument | undefined>(
    id === undefined ? emptyRule() : undefined,
  );
  const [stored, setStored] = useState<ScoringRule>();
  const [loadError, setLoadError] = useState<unknown>();
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const [saveError, setSaveError] = useState<ApiError>();
  // A new rule reopens at its own URL once created; `?created` carries the confirmation across.
  const [saved, setSaved] = useState(() => new URLSearchParams(window.location.search).has('created'));
  const report = useValidation(document);

  useEffect(() => {
    if (id === undefined) return;
    api.get<ScoringRule>(`${RULES}${id}/`).then((rule) => {
      setStored(rule);
      setDocument(ruleDocumentOf(rule as unknown as Record<string, unknown>));
    }, setLoadError);
  }, [id]);

  if (loadError) return <ErrorMessage error={loadError} />;
  if (!document) return <p>Loading…</p>;

  const edit = (next: RuleDocument) => {
    setDocument(next);
    setSaved(false);
    setSaveError(undefined);
  };
  // The save's own errors win until the next edit; meanwhile the live validation speaks.
  const errors = saveError ? saveError.errors : report ? asFieldErrors(report.errors) : [];

  const save = async () => {
    try {
      const result =
        id === undefined
          ? await api.post<ScoringRule>(RULES, document)
          : await api.put<ScoringRule>(`${RULES}${id}/`, document);
      setStored(result);
      setSaved(true);
      if (id === undefined)
        navigate(`/lead_qualification/scoring-rules/${result.id}/?created`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError) setSaveError(error);
      else throw error;
    }
  };
  const remove = async () => {
    if (id === undefined || !window.confirm(`Delete the rule "${document.name}"?`)) return;
    await api.delete(`${RULES}${id}/`);
    navigate('/lead_qualification/scoring-rules/');
  };

  return (
    <>
      <PageHeader title={id === undefined ? 'Add Scoring Rule' : `Scoring rule: ${stored?.name ?? ''}`} />
      <div className="editor-layout">
        <section className="editor-main" aria-label="Rule">
          <div role="tablist" aria-label="Views of the rule" className="tabs">
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'form'}
              onClick={() => {
                setTab('form');
              }}
            >
              Form
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'json'}
              onClick={() => {
                setTab('json');
              }}
            >
              JSON
            </button>
          </div>
          <div role="tabpanel">
            {tab === 'form' ? (
              <RuleForm document={document} onChange={edit} errors={errors} readOnly={!canEdit} />
            ) : (
              <RuleJson
                document={document}
                compiled={report?.compiled ?? stored?.compiled ?? null}
                onChange={edit}
                errors={errors}
                readOnly={!canEdit}
              />
            )}
          </div>
          {saveError && (
            <p className="error-box" role="alert">
              Not saved: {saveError.message}
              {saveError.errors.length > 0 &&
                ` (${saveError.errors.length} problem${saveError.errors.length > 1 ? 's' : ''} shown at their fields)`}
            </p>
          )}
          {saved && (
            <p className="ok-box" role="status">
              Saved; a new rule-set version is published.
            </p>
          )}
          {canEdit && (
            <div className="actions">
              <button type="button" onClick={() => void save()}>
                Save
              </button>
              {id !== undefined && (
                <button type="button" className="danger" onClick={() => void remove()}>
                  Delete
                </button>
              )}
            </div>
          )}
        </section>
        <aside className="editor-side">
          <LintPanel report={report} />
          {id !== undefined && <TestOnLead ruleId={id} />}
        </aside>
      </div>
    </>
  );
}

function LintPanel({ report }: { report: RuleValidationReport | undefined }) {
  return (
    <section aria-labelledby="lint-title" className="panel">
      <h2 id="lint-title">Checks</h2>
      {!report ? (
        <p>Checking…</p>
      ) : (
        <>
          <p role="status">
            {report.valid ? 'Valid rule.' : `${report.errors.length} error(s): see the fields.`}
          </p>
          <h3>Linter warnings over the rule set</h3>
          {report.warnings.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul className="warnings">
              {report.warnings.map((warning) => (
                <li key={`${warning.pointer}-${warning.code}`}>
                  <code>{warning.code}</code> {warning.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** POST scoring-rules/{id}/test_rule/ on a chosen lead: the points and the explanation, leaf by leaf. */
function TestOnLead({ ruleId }: { ruleId: number }) {
  const [leadId, setLeadId] = useState<number>();
  const [result, setResult] = useState<RuleTestResult>();
  const [error, setError] = useState<unknown>();
  const run = async () => {
    if (leadId === undefined) return;
    setError(undefined);
    try {
      setResult(await api.post<RuleTestResult>(`${RULES}${ruleId}/test_rule/`, { lead_id: leadId }));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section aria-labelledby="test-title" className="panel">
      <h2 id="test-title">Test on lead</h2>
      <p className="help">Tests the saved rule.</p>
      <LeadPicker value={leadId} onChange={setLeadId} />
      <button type="button" disabled={leadId === undefined} onClick={() => void run()}>
        Test on lead
      </button>
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
    </section>
  );
}
