import { type ReactNode, useEffect, useState } from 'react';
import { api, setUnauthorizedHandler } from '../api/client';
import { clearSession, loadSession, type Session } from '../api/session';
import type { FactCatalog } from '../api/types';
import { LoginPage } from '../pages/LoginPage';
import { CatalogContext } from './catalog';
import { Link, matchPath, navigate, useLocation } from './router';
import { routes } from './routes';
import { useNotificationStream } from './use-notification-stream';

interface NavItem {
  to: string;
  label: string;
}

const NAV: { heading: string; items: NavItem[] }[] = [
  {
    heading: 'Overview',
    items: [
      { to: '/', label: 'Dashboard' },
      { to: '/leads/', label: 'Leads' },
    ],
  },
  {
    heading: 'Lead Qualification',
    items: [
      { to: '/lead_qualification/scoring-rules/', label: 'Scoring Rules' },
      { to: '/lead_qualification/criteria/', label: 'Qualification Criteria' },
      { to: '/lead_qualification/analytics/', label: 'Analytics' },
      { to: '/lead_qualification/simulate/', label: 'Simulate and publish' },
      { to: '/lead_qualification/versions/', label: 'Versions' },
      { to: '/lead_qualification/workflows/', label: 'Workflows' },
      { to: '/lead_qualification/executions/', label: 'Executions' },
    ],
  },
];

function isCurrent(to: string, path: string): boolean {
  return to === '/' ? path === '/' : path.startsWith(to);
}

/** Login gate, navigation, and the page the URL names. */
export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [catalog, setCatalog] = useState<FactCatalog>();
  const { path } = useLocation();
  const arrived = useNotificationStream(session !== undefined);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setSession(undefined);
    });
  }, []);
  useEffect(() => {
    if (session) void api.get<FactCatalog>('/api/lead-qualification/facts/').then(setCatalog);
  }, [session]);

  if (!session) return <LoginPage onLogin={setSession} />;
  const logout = () => {
    clearSession();
    setSession(undefined);
    navigate('/');
  };

  let page: ReactNode = (
    <p>
      No page here. <Link to="/">Go to the dashboard</Link>.
    </p>
  );
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) {
      page = route.render(params, session);
      break;
    }
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav aria-label="Console" className="sidebar">
        <p className="brand">Leadflow</p>
        {NAV.map((section) => (
          <div key={section.heading}>
            <h2>{section.heading}</h2>
            <ul>
              {section.items.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} aria-current={isCurrent(item.to, path) ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
        {session.role === 'admin' && (
          <div>
            <h2>Operations</h2>
            <ul>
              <li>
                <a href="/admin/queues">Queues (Bull Board)</a>
              </li>
              <li>
                <a href="/api/docs">API docs (Swagger)</a>
              </li>
            </ul>
          </div>
        )}
        <p>
          <Link to="/notifications/" aria-current={isCurrent('/notifications/', path) ? 'page' : undefined}>
            Notifications
          </Link>{' '}
          <span role="status" aria-label="New notifications">
            {arrived.length > 0 ? `(${arrived.length} new)` : ''}
          </span>
        </p>
        <p className="who">
          {session.username} ({session.role}){' '}
          <button type="button" className="link" onClick={logout}>
            Log out
          </button>
        </p>
      </nav>
      <main id="main" tabIndex={-1}>
        {catalog ? (
          <CatalogContext.Provider value={catalog}>{page}</CatalogContext.Provider>
        ) : (
          <p>Loading…</p>
        )}
      </main>
    </div>
  );
}
