import type { Page } from '../../api/types';
import { Link } from '../../app/router';
import { useApi } from '../../app/use-api';
import { Loading, PageHeader } from '../../components/ui';

interface WorkflowSummary {
  id: number;
  name: string;
  trigger_type: string;
  priority?: number;
  is_active?: boolean;
  version: number;
  steps?: unknown[];
}

export function WorkflowsListPage({ canEdit }: { canEdit: boolean }) {
  const workflows = useApi<Page<WorkflowSummary>>('/api/lead-qualification/workflows/?page_size=200');
  return (
    <>
      <PageHeader
        title="Workflows"
        actions={
          canEdit && (
            <Link className="button" to="/lead_qualification/workflows/add/">
              Add workflow
            </Link>
          )
        }
      />
      <Loading state={workflows}>
        {(page) => (
          <table>
            <caption>{page.count} workflows, highest priority first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Trigger</th>
                <th scope="col">Steps</th>
                <th scope="col">Priority</th>
                <th scope="col">Active</th>
                <th scope="col">Version</th>
              </tr>
            </thead>
            <tbody>
              {page.results.map((workflow) => (
                <tr key={workflow.id}>
                  <td>
                    <Link to={`/lead_qualification/workflows/${workflow.id}/`}>{workflow.name}</Link>
                  </td>
                  <td>{workflow.trigger_type}</td>
                  <td>{workflow.steps?.length ?? 1}</td>
                  <td>{workflow.priority ?? '—'}</td>
                  <td>{workflow.is_active === false ? 'no' : 'yes'}</td>
                  <td>{workflow.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loading>
    </>
  );
}
