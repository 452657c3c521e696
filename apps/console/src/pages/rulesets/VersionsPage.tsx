import { useState } from 'react';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { useApi } from '../../app/use-api';
import { ErrorMessage, Field, formatDate, Loading, PageHeader } from '../../components/ui';
import { RescoringProgress } from './RescoringProgress';
import { APPLY, type ApplyResult, type Bundle, bundleOf, CURRENT } from './bundle';

interface VersionSummary {
  version: number;
  reason: string;
  created_by: string | null;
  created_at: string;
}
interface VersionRecord extends VersionSummary {
  rules: { name: string; source: Record<string, unknown> }[];
  criteria: (Record<string, unknown> & { id: number })[];
}
interface Change {
  id: number;
  name: string;
  from: Record<string, unknown>;
  to: Record<string, unknown>;
}
interface Section {
  added: { name: string }[];
  removed: { name: string }[];
  changed: Change[];
}
type Diff = Section & { from: number; to: number; criteria: Section };

const VERSIONS = '/api/lead-qualification/scoring-rules/versions/';

function SectionDiff({ title, section }: { title: string; section: Section }) {
  return (
    <section>
      <h3>{title}</h3>
      <ul>
        {section.added.map((item) => (
          <li key={`+${item.name}`}>added: {item.name}</li>
        ))}
        {section.removed.map((item) => (
          <li key={`-${item.name}`}>removed: {item.name}</li>
        ))}
        {section.changed.map((change) => (
          <li key={`~${change.id}`}>
            changed: {change.name}{' '}
            {Object.keys({ ...change.from, ...change.to })
              .filter((key) => JSON.stringify(change.from[key]) !== JSON.stringify(change.to[key]))
              .map((key) => (
                <code key={key}>
                  {' '}
                  {key}: {JSON.stringify(change.from[key])} → {JSON.stringify(change.to[key])}
                </code>
              ))}
          </li>
        ))}
        {section.added.length + section.removed.length + section.changed.length === 0 && (
          <li>no differences</li>
        )}
      </ul>
    </section>
  );
}

/** Published rule-set versions, a diff between any two, and a one-click rollback (published as a new version). */
export function VersionsPage({ canEdit }: { canEdit: boolean }) {
  const versions = useApi<Page<VersionSummary>>(`${VERSIONS}?page_size=100`);
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const [diff, setDiff] = useState<Diff>();
  const [rolledBack, setRolledBack] = useState<ApplyResult>();
  const [error, setError] = useState<unknown>();

  const compare = async () => {
    if (from === undefined || to === undefined) return;
    setError(undefined);
    try {
      setDiff(await api.get<Diff>(`${VERSIONS}diff/?from=${from}&to=${to}`));
    } catch (failure) {
      setError(failure);
    }
  };
  const rollback = async (version: number) => {
    if (!window.confirm(`Make the rule set what it was in version ${version}? This publishes a new version.`))
      return;
    setError(undefined);
    try {
      const [record, current] = await Promise.all([
        api.get<VersionRecord>(`${VERSIONS}${version}/`),
        api.get<Bundle>(CURRENT),
      ]);
      const criteria = record.criteria.map(({ id: _id, ...criterion }) => criterion);
      setRolledBack(
        await api.post<ApplyResult>(
          APPLY,
          bundleOf(
            current,
            record.rules.map((rule) => rule.source),
            criteria,
          ),
        ),
      );
      versions.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <PageHeader title="Rule-set versions" />
      <ErrorMessage error={error} />
      {rolledBack && (
        <p className="ok-box" role="status">
          {rolledBack.rule_set_version === null
            ? 'Nothing changed: the rule set already equals that version.'
            : `Rolled back: published as version ${rolledBack.rule_set_version}.`}
        </p>
      )}
      {rolledBack?.rescoring && <RescoringProgress jobId={rolledBack.rescoring.job_id} />}
      <Loading state={versions}>
        {(page) => (
          <>
            <div className="filters">
              <Field label="Compare version">
                {(props) => (
                  <select
                    {...props}
                    value={from ?? ''}
                    onChange={(e) => {
                      setFrom(Number(e.target.value));
                    }}
                  >
                    <option value="">…</option>
                    {page.results.map((v) => (
                      <option key={v.version}>{v.version}</option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="with version">
                {(props) => (
                  <select
                    {...props}
                    value={to ?? ''}
                    onChange={(e) => {
                      setTo(Number(e.target.value));
                    }}
                  >
                    <option value="">…</option>
                    {page.results.map((v) => (
                      <option key={v.version}>{v.version}</option>
                    ))}
                  </select>
                )}
              </Field>
              <div className="actions">
                <button
                  type="button"
                  onClick={() => void compare()}
                  disabled={from === undefined || to === undefined}
                >
                  Show differences
                </button>
              </div>
            </div>
            {diff && (
              <section aria-labelledby="diff" className="panel">
                <h2 id="diff">
                  Version {diff.from} → {diff.to}
                </h2>
                <SectionDiff title="Rules" section={diff} />
                <SectionDiff title="Criteria" section={diff.criteria} />
              </section>
            )}
            <table>
              <caption>{page.count} versions, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">What changed</th>
                  <th scope="col">By</th>
                  <th scope="col">When</th>
                  {canEdit && <th scope="col">Rollback</th>}
                </tr>
              </thead>
              <tbody>
                {page.results.map((v) => (
                  <tr key={v.version}>
                    <td>{v.version}</td>
                    <td>{v.reason}</td>
                    <td>{v.created_by ?? '—'}</td>
                    <td>{formatDate(v.created_at)}</td>
                    {canEdit && (
                      <td>
                        <button type="button" className="secondary" onClick={() => void rollback(v.version)}>
                          Roll back to version {v.version}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Loading>
    </>
  );
}
