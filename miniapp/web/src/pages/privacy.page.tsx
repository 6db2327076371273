import { List, Switch, Tag, Toast } from 'antd-mobile';
import { api, ApiError } from '../api/client.js';
import type { AccessHistoryEntry, Consent } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';

interface ConsentsResponse {
  readonly notice?: { readonly version: number | string; readonly text?: string } | null;
  readonly consents: readonly Consent[];
}

/** My consents (grant / withdraw, effective at once) and who looked at my data. */
export function PrivacyPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const consents = useApi(() => api.get<ConsentsResponse>('/api/me/consents'), []);
  const history = useApi(() => api.get<{ entries: AccessHistoryEntry[] }>('/api/me/access-history', { limit: 50 }), []);

  const change = async (purpose: string, granted: boolean) => {
    try {
      await api.post('/api/me/consents', { purpose, granted });
      Toast.show({ content: granted ? t('privacy.granted') : t('privacy.withdrawn') });
      consents.reload();
    } catch (e) {
      Toast.show({ content: e instanceof ApiError ? i18n.tOr(`error.code.${e.code}`, e.code) : t('error.generic') });
    }
  };

  return (
    <Page title={t('privacy.title')}>
      <Loadable state={consents}>
        {(c) => (
          <List header={<h2 className="bd-section-title">{t('privacy.consents')}</h2>} mode="card">
            {c.notice && <List.Item description={c.notice.text}>{t('privacy.notice', { version: String(c.notice.version) })}</List.Item>}
            {c.consents.map((k) => (
              <List.Item
                key={k.purpose}
                description={k.at ? t('privacy.since', { date: i18n.dateTime(k.at) }) : undefined}
                extra={
                  <Switch
                    checked={k.granted}
                    onChange={(v) => void change(k.purpose, v)}
                    aria-label={k.label ? i18n.pick(k.label) : i18n.tOr(`purpose.${k.purpose}`, k.purpose)}
                  />
                }
              >
                {k.label ? i18n.pick(k.label) : i18n.tOr(`purpose.${k.purpose}`, k.purpose)}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
      <Loadable state={history}>
        {({ entries }) => (
          <List header={<h2 className="bd-section-title">{t('privacy.history')}</h2>} mode="card">
            {entries.length === 0 && <List.Item>{t('privacy.historyNone')}</List.Item>}
            {entries.map((e, i) => (
              <List.Item
                key={i}
                description={`${i18n.dateTime(e.at)} · ${e.purpose ? i18n.tOr(`purpose.${e.purpose}`, e.purpose) : '—'}`}
                extra={<Tag color={e.outcome === 'allowed' ? 'success' : e.outcome === 'denied' ? 'danger' : 'default'}>{i18n.tOr(`outcome.${e.outcome}`, e.outcome)}</Tag>}
              >
                {i18n.tOr(`role.${e.viewerRole}`, e.viewerRole)}
                {e.viewerDepartment ? ` · ${e.viewerDepartment}` : ''} · {i18n.tOr(`action.${e.action}`, e.action)}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
    </Page>
  );
}
