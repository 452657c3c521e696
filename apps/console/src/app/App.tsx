import { AppShell, Button, Group, Loader, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { type ReactNode, Suspense, useEffect, useState } from 'react';
import { api, setUnauthorizedHandler } from '../api/client';
import { clearSession, loadSession, type Session } from '../api/session';
import type { FactCatalog } from '../api/types';
import { LoginPage } from '../pages/LoginPage';
import { CatalogContext } from './catalog';
import { BASE, Link, matchPath, navigate, useLocation } from './router';
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
    <AppShell navbar={{ width: 230, breakpoint: 0 }} padding="md">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Navbar component="nav" aria-label="Console" p="sm">
        <Text fw={700} size="lg" mb="sm">
          Leadflow
        </Text>
        <ScrollArea style={{ flex: 1 }}>
          {NAV.map((section) => (
            <div key={section.heading}>
              <Title order={2} size="xs" tt="uppercase" c="dimmed" mt="md" mb={4}>
                {section.heading}
              </Title>
              {section.items.map((item) => (
                <NavItem key={item.to} to={item.to} label={item.label} path={path} />
              ))}
            </div>
          ))}
          {session.role === 'admin' && (
            <div>
              <Title order={2} size="xs" tt="uppercase" c="dimmed" mt="md" mb={4}>
                Operations
              </Title>
              <NavLink href="/admin/queues" label="Queues (Bull Board)" />
              <NavLink href="/api/docs" label="API docs (Swagger)" />
            </div>
          )}
          <Group gap={4} mt="md" wrap="nowrap">
            <NavItem to="/notifications/" label="Notifications" path={path} />
            <span role="status" aria-label="New notifications">
              {arrived.length > 0 ? `(${arrived.length} new)` : ''}
            </span>
          </Group>
        </ScrollArea>
        <Group gap="xs" mt="sm">
          <Text size="sm">
            {session.username} ({session.role})
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={logout}>
            Log out
          </Button>
        </Group>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {catalog ? (
          <CatalogContext.Provider value={catalog}>
            <Suspense fallback={<Loader aria-label="Loading page" />}>{page}</Suspense>
          </CatalogContext.Provider>
        ) : (
          <p>Loading…</p>
        )}
      </AppShell.Main>
    </AppShell>
  );
}

/** A sidebar entry: a console link, marked as the current page while its section is shown. */
function NavItem({ to, label, path }: { to: string; label: string; path: string }) {
  const current = isCurrent(to, path);
  return (
    <NavLink
      href={`${BASE}${to}`}
      label={label}
      active={current}
      variant="filled"
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        navigate(to);
      }}
    />
  );
}
