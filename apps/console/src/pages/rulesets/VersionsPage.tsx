import type { Category } from '@leadflow/domain/src/rule';
import { countsTowardGrade } from '@leadflow/domain/src/score-grade';
import { Alert, Button, Group, NativeSelect, Title } from '@mantine/core';
import { useState } from 'react';
import { api, query } from '../../api/client';
import type { Page } from '../../api/types';
import { useApi } from '../../app/use-api';
import { ApiTable } from '../../components/ApiTable';
import { ErrorMessage, formatDate, Loading, PageHeader, Panel } from '../../components/ui';
import { RescoringProgress } from '../../components/RescoringProgress';
import { APPLY, type ApplyResult, type Bundle, bundleOf, CURRENT } from './bundle';
import { isEmptyDiff, sectionLines, type SectionChanges, type VersionDiff } from './diff-text';

interface VersionSummary {
  version: number;
  reason: string;
  created_by: string | null;
  created_at: string;
}
interface VersionRecord extends VersionSummary {
  rules: { name: string; source: Record<string, unknown>; counts_toward_grade?: boolean }[];
  criteria: (Record<string, unknown> & { id: number })[];
}

/**
 * A rule of the version as it graded: a version from before rules carried counts_toward_grade may have
 * graded a rule otherwise than its category's default, and then the flag is written out.
 */
function ruleAsVersioned({ source, counts_toward_grade }: VersionRecord['rules'][number]) {
  const graded = countsTowardGrade(
    source.rule_type as Category,
    source.counts_toward_grade as boolean | undefined,
  );
  return counts_toward_grade === undefined || counts_toward_grade === graded
    ? source
    : { ...source, counts_toward_grade };
}
const VERSIONS = '/api/lead-qualification/scoring-rules/versions/';
const PAGE_SIZE = 50;

/** The versions to compare, newest first, after a blank choice: each by its number and what it changed. */
const versionChoices = (versions: readonly { version: number; reason: string }[]) => [
  { value: '', label: '…' },
  ...versions.map((v) => ({ value: String(v.version), label: `${v.version}: ${v.reason}` })),
];

function SectionDiff({ title, section }: { title: string; section: SectionChanges }) {
  const lines = sectionLines(section);
  return (
    <section>
      <Title order={3} size="h5">
        {title}
      </Title>
      <ul>
        {lines.map((line) => (
          <li key={line}>
            <code>{line}</code>
          </li>
        ))}
        {lines.length === 0 && <li>no differences</li>}
      </ul>
    </section>
  );
}

function DiffPanel({ diff }: { diff: VersionDiff }) {
  return (
    <>
      <SectionDiff title="Rules" section={diff} />
      <SectionDiff title="Criteria" section={diff.criteria} />
    </>
  );
}

/**
 * Published rule-set versions, a field-by-field diff between any two, and rollback: it first shows what
 * would change against the current version and asks for confirmation; the current version offers none.
 */
export function VersionsPage({ canEdit }: { canEdit: boolean }) {
  const [page, setPage] = useState(1);
  const versions = useApi<Page<VersionSummary>>(`${VERSIONS}${query({ page, page_size: PAGE_SIZE })}`);
  // the newest version, whichever page is shown: the one a rollback is measured against
  const newest = useApi<Page<VersionSummary>>(`${VERSIONS}?page_size=1`);
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const [diff, setDiff] = useState<VersionDiff>();
  const [preview, setPreview] = useState<VersionDiff>();
  const [rolledBack, setRolledBack] = useState<ApplyResult>();
  const [error, setError] = useState<unknown>();
  const latest = newest.data?.results[0]?.version;

  const compare = async () => {
    if (from === undefined || to === undefined) return;
    setError(undefined);
    try {
      setDiff(await api.get<VersionDiff>(`${VERSIONS}diff/?from=${from}&to=${to}`));
    } catch (failure) {
      setError(failure);
    }
  };
  /** What rolling back would change: the current version against the chosen one. */
  const previewRollback = async (version: number) => {
    if (latest === undefined) return;
    setError(undefined);
    setRolledBack(undefined);
    try {
      setPreview(await api.get<VersionDiff>(`${VERSIONS}diff/?from=${latest}&to=${version}`));
    } catch (failure) {
      setError(failure);
    }
  };
  const rollback = async (version: number) => {
    setPreview(undefined);
    setError(undefined);
    try {
      const [record, current] = await Promise.all([
        api.get<VersionRecord>(`${VERSIONS}${version}/`),
        api.get<Bundle>(CURRENT),
      ]);
      const criteria = record.criteria.map(({ id: _id, ...criterion }) => criterion);
      setRolledBack(
        await api.post<ApplyResult>(APPLY, bundleOf(current, record.rules.map(ruleAsVersioned), criteria)),
      );
      versions.reload();
      newest.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const rollbackCell = (v: VersionSummary) =>
    v.version === latest ? (
      'current'
    ) : (
      <Button variant="default" type="button" onClick={() => void previewRollback(v.version)}>
        Roll back to version {v.version}…
      </Button>
    );

  return (
    <>
      <PageHeader title="Rule-set versions" />
      <ErrorMessage error={error} />
      {preview && (
        <Panel
          id="diff"
          role="dialog"
          mb="md"
          title={`Roll back to version ${preview.to}: changes against the current version ${preview.from}`}
        >
          <DiffPanel diff={preview} />
          {isEmptyDiff(preview) && <p>The rules and criteria already equal version {preview.to}.</p>}
          <p>Rolling back publishes a new version; the versions in between stay in the history.</p>
          <Group gap="xs" my="sm">
            <Button type="button" onClick={() => void rollback(preview.to)}>
              Confirm rollback to version {preview.to}
            </Button>
            <Button
              variant="default"
              type="button"
              onClick={() => {
                setPreview(undefined);
              }}
            >
              Cancel
            </Button>
          </Group>
        </Panel>
      )}
      {rolledBack && (
        <Alert color="green" variant="light" role="status" my="xs">
          {rolledBack.rule_set_version === null
            ? 'Nothing changed: the rule set already equals that version.'
            : `Rolled back: published as version ${rolledBack.rule_set_version}.`}
        </Alert>
      )}
      {rolledBack?.rescoring && <RescoringProgress jobId={rolledBack.rescoring.job_id} />}
      <Loading state={versions}>
        {(found) => (
          <>
            <Group align="end">
              <NativeSelect
                label="Compare version"
                data={versionChoices(found.results)}
                value={from === undefined ? '' : String(from)}
                onChange={(e) => {
                  setFrom(Number(e.currentTarget.value));
                }}
              />
              <NativeSelect
                label="with version"
                data={versionChoices(found.results)}
                value={to === undefined ? '' : String(to)}
                onChange={(e) => {
                  setTo(Number(e.currentTarget.value));
                }}
              />
              <Button
                type="button"
                onClick={() => void compare()}
                disabled={from === undefined || to === undefined}
              >
                Show differences
              </Button>
            </Group>
            {diff && !preview && (
              <Panel id="diff" title={`Version ${diff.from} → ${diff.to}`} mb="md">
                <DiffPanel diff={diff} />
              </Panel>
            )}
            <ApiTable
              caption={`${found.count} versions, newest first`}
              rows={found.results}
              rowKey={(v) => v.version}
              columns={[
                { header: 'Version', cell: (v) => v.version },
                { header: 'What changed', cell: (v) => v.reason },
                { header: 'By', cell: (v) => v.created_by ?? '—' },
                { header: 'When', cell: (v) => formatDate(v.created_at) },
                ...(canEdit ? [{ header: 'Rollback', cell: rollbackCell }] : []),
              ]}
              pages={{ page, count: found.count, pageSize: PAGE_SIZE, onPage: setPage }}
            />
          </>
        )}
      </Loading>
    </>
  );
}
