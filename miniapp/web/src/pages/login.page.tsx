import { useState } from 'react';
import { List, NoticeBar, Tag } from 'antd-mobile';
import { api } from '../api/client.js';
import type { AppConfig, DemoUser } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session/session.js';
import { useApi } from '../components/use-api.js';
import { ErrorView, Loadable } from '../components/page-state.js';
import { LocaleSwitch } from '../layout/locale-switch.js';
import { insideDingTalk } from '../session/dingtalk.js';

/** Demo mode: pick one of the seeded people. Outside demo mode: sign in through DingTalk. */
export function LoginPage(props: { config: AppConfig; dingtalkError?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div className="bd-login">
      <header className="bd-header">
        <span className="bd-brand">Boundary</span>
        <LocaleSwitch />
      </header>
      <main className="bd-main">
        <section className="bd-page" aria-labelledby="bd-page-title">
          <div className="bd-page-head">
            <h1 id="bd-page-title">{t('login.title')}</h1>
          </div>
          {props.dingtalkError && (
            <div role="alert">
              <NoticeBar color="error" content={t('login.dingtalkFailed', { code: props.dingtalkError })} wrap />
            </div>
          )}
          {props.config.demo ? <DemoUsers /> : <p>{insideDingTalk() ? t('login.signingIn') : t('login.openInDingTalk')}</p>}
        </section>
      </main>
    </div>
  );
}

function DemoUsers() {
  const i18n = useI18n();
  const { t } = i18n;
  const { signInDemo } = useSession();
  const users = useApi(() => api.get<{ users: DemoUser[] }>('/api/auth/demo-users'), []);
  const [error, setError] = useState<Error | null>(null);
  return (
    <>
      <NoticeBar content={t('login.demoNotice')} wrap color="alert" />
      {error && <ErrorView error={error} />}
      <Loadable state={users}>
        {({ users: list }) => (
          <List header={t('login.pickPerson')}>
            {list.map((u) => (
              <List.Item
                key={u.id}
                description={u.title}
                extra={
                  <span className="bd-tags">
                    {u.roles
                      .filter((r) => r !== 'employee')
                      .map((r) => (
                        <Tag key={r} color="primary" fill="outline">
                          {t(`role.${r}`)}
                        </Tag>
                      ))}
                  </span>
                }
              >
                <button
                  type="button"
                  className="bd-link-button bd-person"
                  onClick={() => signInDemo(u.id).catch((e: Error) => setError(e))}
                  aria-label={t('login.signInAs', { name: u.name })}
                >
                  {u.name}
                </button>
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
    </>
  );
}
