import type { ReactNode } from 'react';
import type { Session } from '../api/session';
import { AnalyticsPage } from '../pages/analytics/AnalyticsPage';
import { CriteriaPage } from '../pages/criteria/CriteriaPage';
import { DashboardPage } from '../pages/DashboardPage';
import { LeadPage } from '../pages/leads/LeadPage';
import { LeadsPage } from '../pages/leads/LeadsPage';
import { ExecutionPage } from '../pages/executions/ExecutionPage';
import { ExecutionsPage } from '../pages/executions/ExecutionsPage';
import { WorkflowEditorPage } from '../pages/workflows/WorkflowEditorPage';
import { WorkflowsListPage } from '../pages/workflows/WorkflowsListPage';
import { NotificationsPage } from '../pages/notifications/NotificationsPage';
import { RuleEditorPage } from '../pages/rules/RuleEditorPage';
import { RulesListPage } from '../pages/rules/RulesListPage';
import { SimulatePage } from '../pages/rulesets/SimulatePage';
import { VersionsPage } from '../pages/rulesets/VersionsPage';

export interface Route {
  path: string;
  render: (params: Record<string, string>, session: Session) => ReactNode;
}

const canEdit = (session: Session) => session.role !== 'viewer';

/** Every page of the console, by path below /admin. The guide's /admin/lead_qualification/ is the rules list. */
export const routes: Route[] = [
  { path: '/', render: () => <DashboardPage /> },
  { path: '/leads/', render: () => <LeadsPage /> },
  { path: '/leads/:id/', render: (p) => <LeadPage key={p.id} id={Number(p.id)} /> },
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
