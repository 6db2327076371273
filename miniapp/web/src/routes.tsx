import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { match, useRouter } from './router.js';
import { useSignedIn } from './session/session.js';
import { navItems } from './layout/nav.js';
import { MorePage } from './layout/app-shell.js';
import { useI18n } from './i18n/i18n.js';
import type { Role } from './api/types.js';
import { MePage } from './pages/me.page.js';
import { RequestsPage } from './pages/requests.page.js';
import { PrivacyPage } from './pages/privacy.page.js';
import { Loadable, Page } from './components/page-state.js';

// Pages of the HR, auditor and department-head roles load on first use, so an employee's
// phone downloads only the pages it can open.
const TeamPage = lazy(() => import('./pages/team.page.js').then((m) => ({ default: m.TeamPage })));
const ArchivePage = lazy(() => import('./pages/archive.page.js').then((m) => ({ default: m.ArchivePage })));
const EmployeePage = lazy(() => import('./pages/employee.page.js').then((m) => ({ default: m.EmployeePage })));
const LibraryPage = lazy(() => import('./pages/library.page.js').then((m) => ({ default: m.LibraryPage })));
const QueuePage = lazy(() => import('./pages/queue.page.js').then((m) => ({ default: m.QueuePage })));
const PolicyPage = lazy(() => import('./pages/policy.page.js').then((m) => ({ default: m.PolicyPage })));
const NoticesPage = lazy(() => import('./pages/notices.page.js').then((m) => ({ default: m.NoticesPage })));
const OutboxPage = lazy(() => import('./pages/outbox.page.js').then((m) => ({ default: m.OutboxPage })));
const AuditLogPage = lazy(() => import('./pages/audit-log.page.js').then((m) => ({ default: m.AuditLogPage })));
const AuditChartsPage = lazy(() => import('./pages/audit-charts.page.js').then((m) => ({ default: m.AuditChartsPage })));

interface Route {
  readonly pattern: string;
  /** Who sees the page; the server checks every call again with the real policy. */
  readonly roles: readonly Role[] | 'all';
  render(params: Record<string, string>): ReactNode;
}

const ROUTES: readonly Route[] = [
  { pattern: '/me', roles: 'all', render: () => <MePage /> },
  { pattern: '/requests', roles: 'all', render: () => <RequestsPage /> },
  { pattern: '/privacy', roles: 'all', render: () => <PrivacyPage /> },
  { pattern: '/more', roles: 'all', render: () => <MorePage /> },
  { pattern: '/team', roles: ['dept_head'], render: () => <TeamPage /> },
  { pattern: '/archive', roles: ['hr_admin'], render: () => <ArchivePage /> },
  { pattern: '/employees/:id', roles: 'all', render: (p) => <EmployeePage id={p.id ?? ''} /> },
  { pattern: '/library', roles: ['hr_admin'], render: () => <LibraryPage /> },
  { pattern: '/queue', roles: ['hr_admin'], render: () => <QueuePage /> },
  { pattern: '/policy', roles: ['hr_admin'], render: () => <PolicyPage /> },
  { pattern: '/outbox', roles: ['hr_admin'], render: () => <OutboxPage /> },
  { pattern: '/notices', roles: ['hr_admin'], render: () => <NoticesPage /> },
  { pattern: '/audit/log', roles: ['auditor', 'hr_admin'], render: () => <AuditLogPage /> },
  { pattern: '/audit/charts', roles: ['auditor'], render: () => <AuditChartsPage /> },
];

export function Routes() {
  const { location, navigate } = useRouter();
  const { me } = useSignedIn();
  const { t } = useI18n();
  const home = navItems(me.roles)[0]?.path ?? '/me';
  const isRoot = location.path === '/' || location.path === '/login';
  useEffect(() => {
    if (isRoot) navigate(home, { replace: true });
  }, [isRoot, home, navigate]);
  if (isRoot) return null;
  for (const route of ROUTES) {
    const params = match(route.pattern, location.path);
    if (!params) continue;
    if (route.roles !== 'all' && !route.roles.some((r) => me.roles.includes(r)))
      return (
        <Page title={t('error.forbidden')}>
          <p>{t('error.forbiddenPage')}</p>
        </Page>
      );
    return <Suspense fallback={<Loadable state={{ kind: 'loading' }}>{() => null}</Loadable>}>{route.render(params)}</Suspense>;
  }
  return (
    <Page title={t('error.notFound')}>
      <p>{t('error.notFoundPage')}</p>
    </Page>
  );
}
