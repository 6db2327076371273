import { useEffect, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd-mobile';
import zhCNModule from 'antd-mobile/es/locales/zh-CN.js';
import enUSModule from 'antd-mobile/es/locales/en-US.js';
import type { Locale } from './api/types.js';
import { I18nProvider, LOCALE_STORAGE_KEY, storedLocale } from './i18n/i18n.js';
import { Router } from './router.js';
import { SessionProvider, useSession } from './session/session.js';
import { LocaleSetterContext } from './layout/locale-context.js';
import { AppShell } from './layout/app-shell.js';
import { Routes } from './routes.js';
import { LoginPage } from './pages/login.page.js';
import { Loadable } from './components/page-state.js';

// antd-mobile's es/ files are ESM at run time but typed as CommonJS under NodeNext.
const esDefault = <T,>(m: T | { default: T }): T => (m && typeof m === 'object' && 'default' in m ? m.default : (m as T));
const zhCNLocale = esDefault(zhCNModule);
const enUSLocale = esDefault(enUSModule);

function Localized(props: { children: ReactNode }) {
  const { state } = useSession();
  const config = state.kind === 'signed_in' || state.kind === 'signed_out' ? state.config : null;
  const fromUser = state.kind === 'signed_in' ? state.me.locale : null;
  const [chosen, setChosen] = useState<Locale | null>(storedLocale);
  const locale: Locale = chosen ?? fromUser ?? config?.locale ?? (navigator.language.startsWith('zh') ? 'zh-CN' : 'en');
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = (l: Locale) => {
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, l); // a preference, nothing personal
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    setChosen(l);
  };
  return (
    <LocaleSetterContext.Provider value={setLocale}>
      <ConfigProvider locale={locale === 'zh-CN' ? zhCNLocale : enUSLocale}>
        <I18nProvider locale={locale} timezone={config?.timezone ?? 'Asia/Shanghai'}>
          {props.children}
        </I18nProvider>
      </ConfigProvider>
    </LocaleSetterContext.Provider>
  );
}

function Gate() {
  const { state } = useSession();
  if (state.kind === 'loading') return <Loadable state={{ kind: 'loading' }}>{() => null}</Loadable>;
  if (state.kind === 'failed') return <Loadable state={{ kind: 'error', error: state.error }}>{() => null}</Loadable>;
  if (state.kind === 'signed_out') return <LoginPage config={state.config} dingtalkError={state.dingtalkError} />;
  return (
    <AppShell>
      <Routes />
    </AppShell>
  );
}

export function App() {
  return (
    <Router>
      <SessionProvider>
        <Localized>
          <Gate />
        </Localized>
      </SessionProvider>
    </Router>
  );
}
