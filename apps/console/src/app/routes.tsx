import { lazy, type ReactNode } from 'react';
import type { Session } from '../api/session';

// One chunk per page: the dashboard does not download the workflow graph or the code editor.
const AnalyticsPage = lazy(() =>
  import('../pages/analytics/AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })),
);
const CriteriaPage = lazy(() =>
  import('../pages/criteria/CriteriaPage').then((m) => ({ default: m.CriteriaPage })),
);
const DashboardPage = lazy(() =>
  import('../pages/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })),
);
const LeadPage = lazy(() => import('../pages/leads/LeadPage').then((m) => ({ default: m.LeadPage })));
const LeadsPage = lazy(() => import('../pages/leads/LeadsPage').then((m) => ({ default: m.LeadsPage })));
const ExecutionPage = lazy(() =>
  import('../pages/executions/ExecutionPage').then((m) => ({ default: m.ExecutionPage })),
);
const ExecutionsPage = lazy(() =>
  import('../pages/executions/ExecutionsPage').then((m) => ({ default: m.ExecutionsPage })),
);
const WorkflowEditorPage = lazy(() =>
  import('../pages/workflows/WorkflowEditorPage').then((m) => ({ default: m.WorkflowEditorPage })),
);
const WorkflowsListPage = lazy(() =>
  import('../pages/workflows/WorkflowsListPage').then((m) => ({ default: m.WorkflowsListPage })),
);
const NotificationsPage = lazy(() =>
  import('../pages/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })),
);
const RuleEditorPage = lazy(() =>
  import('../pages/rules/RuleEditorPage').then((m) => ({ default: m.RuleEditorPage })),
);
const RulesListPage = lazy(() =>
  import('../pages/rules/RulesListPage').then((m) => ({ default: m.RulesListPage })),
);
const SimulatePage = lazy(() =>
  import('../pages/rulesets/SimulatePage').then((m) => ({ default: m.SimulatePage })),
);
const VersionsPage = lazy(() =>
  import('../pages/rulesets/VersionsPage').then((m) => ({ default: m.VersionsPage })),
);

export interface Route {
  path: string;
  render: (params: Record<string, string>, session: Session) => ReactNode;
}

const canEdit = (session: Session) => session.role !== 'viewer';

/** Every page of the console, by path below /admin. The guide's /admin/lead_qualification/ is the rules list. */
export const routes: Route[] = [
  { path: '/', render: () => <DashboardPage /> },
  { path: '/leads/', render: () => <LeadsPage /> },
  { path: '/leads/:id/', render: (p, s) => <LeadPage key={p.id} id={Number(p.id)} canEdit={canEdit(s)} /> },
  { path: '/lead_qualification/', render: (_, s) => <RulesListPage canEdit={canEdit(s)} /> },
  { path: '/lead_qualification/scoring-rules/', render: (_, s) => <RulesListPage canEdit={canEdit(s)} /> },
  {
    path: '/lead_qualification/scoring-rules/add/',
    render: (_, s) => <RuleEditorPage canEdit={canEdit(s)} />,
  },
  {
    path: '/lead_qualification/scoring-rules/:id/',
    render: (p, s) => <RuleEditorPage key={p.id} id={Number(p.id)} canEdit={canEdit(s)} />,
  },
  { path: '/lead_qualification/simulate/', render: (_, s) => <SimulatePage canEdit={canEdit(s)} /> },
  { path: '/lead_qualification/analytics/', render: (_, s) => <AnalyticsPage canEdit={canEdit(s)} /> },
  { path: '/lead_qualification/versions/', render: (_, s) => <VersionsPage canEdit={canEdit(s)} /> },
  { path: '/lead_qualification/workflows/', render: (_, s) => <WorkflowsListPage canEdit={canEdit(s)} /> },
  {
    path: '/lead_qualification/workflows/add/',
    render: (_, s) => <WorkflowEditorPage canEdit={canEdit(s)} />,
  },
  {
    path: '/lead_qualification/workflows/:id/',
    render: (p, s) => <WorkflowEditorPage key={p.id} id={Number(p.id)} canEdit={canEdit(s)} />,
  },
  { path: '/lead_qualification/executions/', render: () => <ExecutionsPage /> },
  {
    path: '/lead_qualification/executions/:id/',
    render: (p, s) => <ExecutionPage key={p.id} id={Number(p.id)} canEdit={canEdit(s)} />,
  },
  { path: '/lead_qualification/criteria/', render: (_, s) => <CriteriaPage canEdit={canEdit(s)} /> },
  { path: '/notifications/', render: () => <NotificationsPage /> },
];
