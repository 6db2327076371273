import type { ReactNode } from 'react';
import {
  AppOutline,
  FileOutline,
  FolderOutline,
  HistogramOutline,
  LockOutline,
  MessageOutline,
  MoreOutline,
  SearchOutline,
  SendOutline,
  SetOutline,
  TeamOutline,
  UnorderedListOutline,
  UserOutline,
} from 'antd-mobile-icons';
import 'antd-mobile/es/components/tab-bar/tab-bar.css';
import { Link, useRouter } from '../router.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession, useSignedIn } from '../session/session.js';
import { activeKey, navItems, splitForTabBar, type NavKey } from './nav.js';
import { LocaleSwitch } from './locale-switch.js';

const ICONS: Record<NavKey | 'more', ReactNode> = {
  me: <UserOutline />,
  requests: <MessageOutline />,
  privacy: <LockOutline />,
  team: <TeamOutline />,
  archive: <SearchOutline />,
  library: <FolderOutline />,
  queue: <UnorderedListOutline />,
  policy: <SetOutline />,
  outbox: <SendOutline />,
  notices: <LockOutline />,
  log: <FileOutline />,
  charts: <HistogramOutline />,
  more: <MoreOutline />,
};

/** Header (name, language, sign out), side navigation on wide screens, tab bar on phones. */
export function AppShell(props: { children: ReactNode }) {
  const { t } = useI18n();
  const { me } = useSignedIn();
  const { signOut } = useSession();
  const { location } = useRouter();
  const items = navItems(me.roles);
  const { tabs, more } = splitForTabBar(items);
  const active = activeKey(location.path, items);
  const activeTab = active && !tabs.some((i) => i.key === active) && more.some((i) => i.key === active) ? 'more' : active;

  return (
    <div className="bd-shell">
      <header className="bd-header">
        <span className="bd-brand">
          <AppOutline aria-hidden /> Boundary
        </span>
        <span className="bd-header-user" data-testid="signed-in-as">
          {me.name}
        </span>
        <LocaleSwitch />
        <button type="button" className="bd-link-button" onClick={() => void signOut()}>
          {t('common.signOut')}
        </button>
      </header>
      <div className="bd-body">
        <nav className="bd-sidenav" aria-label={t('nav.label')}>
          {items.map((i) => (
            <Link key={i.key} to={i.path} className={i.key === active ? 'active' : undefined} aria-current={i.key === active ? 'page' : undefined}>
              {ICONS[i.key]} {t(i.label)}
            </Link>
          ))}
        </nav>
        <main className="bd-main">{props.children}</main>
      </div>
      <nav className="bd-tabbar adm-tab-bar" aria-label={t('nav.label')}>
        <div className="adm-tab-bar-wrap">
          {[...tabs, ...(more.length ? [{ key: 'more' as const, path: '/more', label: 'nav.more' as const }] : [])].map((i) => (
            <Link
              key={i.key}
              to={i.path}
              className={`adm-tab-bar-item${activeTab === i.key ? ' adm-tab-bar-item-active' : ''}`}
              aria-current={activeTab === i.key ? 'page' : undefined}
            >
              <span className="adm-tab-bar-item-icon">{ICONS[i.key]}</span>
              <span className="adm-tab-bar-item-title adm-tab-bar-item-title-with-icon">{t(i.label)}</span>
            </Link>
          ))}
        </div>
      </nav>
    </div>
  );
}

/** The sections that did not fit on the phone tab bar. */
export function MorePage() {
  const { t } = useI18n();
  const { me } = useSignedIn();
  const { more } = splitForTabBar(navItems(me.roles));
  return (
    <section className="bd-page">
      <div className="bd-page-head">
        <h1>{t('nav.more')}</h1>
      </div>
      <ul className="bd-more">
        {more.map((i) => (
          <li key={i.key}>
            <Link to={i.path}>
              {ICONS[i.key]} {t(i.label)}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
