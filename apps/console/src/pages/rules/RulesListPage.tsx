import { useState } from 'react';
import { query } from '../../api/client';
import type { Page, ScoringRule } from '../../api/types';
import { Link } from '../../app/router';
import { useApi } from '../../app/use-api';
import { Field, Loading, PageHeader, SearchField } from '../../components/ui';
import { CATEGORIES } from '../../rules/dsl';
import { conditionSummary } from './summary';

/** The guide's "Scoring Rules" page: the stored rules with filters, search and "Add Scoring Rule". */
export function RulesListPage({ canEdit }: { canEdit: boolean }) {
  const [ruleType, setRuleType] = useState('');
  const [active, setActive] = useState('');
  const [search, setSearch] = useState('');
  const rules = useApi<Page<ScoringRule>>(
    `/api/lead-qualification/scoring-rules/${query({ rule_type: ruleType, is_active: active, search, page_size: 200, ordering: '-priority' })}`,
  );
  return (
    <>
      <PageHeader
        title="Scoring Rules"
        actions={
          canEdit && (
            <Link className="button" to="/lead_qualification/scoring-rules/add/">
              Add Scoring Rule
            </Link>
          )
        }
      />
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <SearchField label="Search" value={search} onChange={setSearch} />
        <Field label="Rule type">
          {(props) => (
            <select
              {...props}
              value={ruleType}
              onChange={(e) => {
                setRuleType(e.target.value);
              }}
            >
              <option value="">All</option>
              {CATEGORIES.map((category) => (
                <option key={category}>{category}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Active">
          {(props) => (
            <select
              {...props}
              value={active}
              onChange={(e) => {
                setActive(e.target.value);
              }}
            >
              <option value="">All</option>
              <option value="true">Active</option>
              <option value="false">Inactive</option>
            </select>
          )}
        </Field>
      </form>
      <Loading state={rules}>
        {(page) => (
          <table>
            <caption>{page.count} scoring rules</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Rule type</th>
                <th scope="col">Condition</th>
                <th scope="col">Points</th>
                <th scope="col">Priority</th>
                <th scope="col">Active</th>
              </tr>
            </thead>
            <tbody>
              {page.results.map((rule) => (
                <tr key={rule.id}>
                  <td>
                    <Link to={`/lead_qualification/scoring-rules/${rule.id}/`}>{rule.name}</Link>
                  </td>
                  <td>{rule.rule_type}</td>
                  <td className="mono">{conditionSummary(rule)}</td>
                  <td>{rule.points}</td>
                  <td>{rule.priority}</td>
                  <td>{rule.is_active ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loading>
    </>
  );
}
