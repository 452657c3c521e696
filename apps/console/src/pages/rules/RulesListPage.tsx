import { Button, Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { query } from '../../api/client';
import type { Page, ScoringRule } from '../../api/types';
import { Link } from '../../app/router';
import { useApi } from '../../app/use-api';
import { ApiTable, type Column } from '../../components/ApiTable';
import { Loading, PageHeader } from '../../components/ui';
import { CATEGORIES } from '@leadflow/domain/src/rule';
import { conditionSummary } from './summary';

const PAGE_SIZE = 50;

const COLUMNS: Column<ScoringRule>[] = [
  {
    header: 'Name',
    sortField: 'name',
    cell: (rule) => <Link to={`/lead_qualification/scoring-rules/${rule.id}/`}>{rule.name}</Link>,
  },
  { header: 'Rule type', sortField: 'rule_type', cell: (rule) => rule.rule_type },
  { header: 'Condition', cell: (rule) => <span className="mono">{conditionSummary(rule)}</span> },
  { header: 'Points', sortField: 'points', cell: (rule) => rule.points },
  { header: 'Priority', sortField: 'priority', cell: (rule) => rule.priority },
  { header: 'Active', sortField: 'is_active', cell: (rule) => (rule.is_active ? 'yes' : 'no') },
];

/** The guide's "Scoring Rules" page: the stored rules with filters, search, ordering and pages, all by the API. */
export function RulesListPage({ canEdit }: { canEdit: boolean }) {
  const [ruleType, setRuleType] = useState('');
  const [active, setActive] = useState('');
  const [search, setSearch] = useState('');
  const [ordering, setOrdering] = useState('-priority');
  const [page, setPage] = useState(1);
  const rules = useApi<Page<ScoringRule>>(
    `/api/lead-qualification/scoring-rules/${query({ rule_type: ruleType, is_active: active, search, ordering, page, page_size: PAGE_SIZE })}`,
  );
  // any filter change starts again at the first page
  const filter = (set: (value: string) => void) => (value: string | null) => {
    set(value ?? '');
    setPage(1);
  };
  return (
    <>
      <PageHeader
        title="Scoring Rules"
        actions={
          canEdit && (
            <Button component={Link} to="/lead_qualification/scoring-rules/add/">
              Add Scoring Rule
            </Button>
          )
        }
      />
      <Group
        component="form"
        role="search"
        align="end"
        mb="md"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <TextInput
          type="search"
          label="Search"
          value={search}
          onChange={(e) => {
            filter(setSearch)(e.currentTarget.value);
          }}
        />
        <Select
          label="Rule type"
          placeholder="All"
          clearable
          data={[...CATEGORIES]}
          value={ruleType || null}
          onChange={filter(setRuleType)}
        />
        <Select
          label="Active"
          placeholder="All"
          clearable
          data={[
            { value: 'true', label: 'Active' },
            { value: 'false', label: 'Inactive' },
          ]}
          value={active || null}
          onChange={filter(setActive)}
        />
      </Group>
      <Loading state={rules}>
        {(found) => (
          <ApiTable
            caption={`${found.count} scoring rules`}
            columns={COLUMNS}
            rows={found.results}
            rowKey={(rule) => rule.id}
            ordering={{ ordering, onOrdering: filter(setOrdering) }}
            pages={{ page, count: found.count, pageSize: PAGE_SIZE, onPage: setPage }}
          />
        )}
      </Loading>
    </>
  );
}
