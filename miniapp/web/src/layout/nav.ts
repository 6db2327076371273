import type { Role } from '../api/types.js';
import type { MessageKey } from '../i18n/zh-CN.js';

export type NavKey =
  | 'me'
  | 'requests'
  | 'privacy'
  | 'team'
  | 'archive'
  | 'library'
  | 'queue'
  | 'policy'
  | 'outbox'
  | 'notices'
  | 'log'
  | 'charts';

export interface NavItem {
  readonly key: NavKey;
  readonly path: string;
  readonly label: MessageKey;
  /** Lower comes first; the phone tab bar shows the first four and puts the rest under More. */
  readonly rank: number;
}

const ITEMS: Record<NavKey, Omit<NavItem, 'key'> & { roles: readonly Role[] | 'all' }> = {
  archive: { path: '/archive', label: 'nav.archive', rank: 10, roles: ['hr_admin'] },
  log: { path: '/audit/log', label: 'nav.log', rank: 11, roles: ['auditor'] },
  team: { path: '/team', label: 'nav.team', rank: 12, roles: ['dept_head'] },
  charts: { path: '/audit/charts', label: 'nav.charts', rank: 13, roles: ['auditor'] },
  queue: { path: '/queue', label: 'nav.queue', rank: 14, roles: ['hr_admin'] },
  me: { path: '/me', label: 'nav.me', rank: 20, roles: 'all' },
  library: { path: '/library', label: 'nav.library', rank: 30, roles: ['hr_admin'] },
  requests: { path: '/requests', label: 'nav.requests', rank: 31, roles: 'all' },
  privacy: { path: '/privacy', label: 'nav.privacy', rank: 32, roles: 'all' },
  policy: { path: '/policy', label: 'nav.policy', rank: 40, roles: ['hr_admin'] },
  outbox: { path: '/outbox', label: 'nav.outbox', rank: 41, roles: ['hr_admin'] },
  notices: { path: '/notices', label: 'nav.notices', rank: 42, roles: ['hr_admin'] },
};

/** Every section the person's roles open, most specific to their job first. */
export function navItems(roles: readonly Role[]): NavItem[] {
  return (Object.entries(ITEMS) as [NavKey, (typeof ITEMS)[NavKey]][])
    .filter(([, item]) => item.roles === 'all' || item.roles.some((r) => roles.includes(r)))
    .map(([key, { path, label, rank }]) => ({ key, path, label, rank }))
    .sort((a, b) => a.rank - b.rank);
}

/** The phone tab bar: up to five tabs; with more sections, four and a "More" tab. */
export function splitForTabBar(items: readonly NavItem[]): { tabs: NavItem[]; more: NavItem[] } {
  if (items.length <= 5) return { tabs: [...items], more: [] };
  const tabs = items.slice(0, 4);
  if (!tabs.some((i) => i.key === 'me')) {
    const me = items.find((i) => i.key === 'me');
    if (me) tabs.splice(3, 1, me);
  }
  return { tabs, more: items.filter((i) => !tabs.includes(i)) };
}

/** The section a path belongs to (employee pages belong to the archive). */
export function activeKey(path: string, items: readonly NavItem[]): NavKey | 'more' | null {
  if (path.startsWith('/employees/')) return 'archive';
  if (path === '/more') return 'more';
  const hit = items.find((i) => path === i.path || path.startsWith(`${i.path}/`));
  return hit?.key ?? null;
}
