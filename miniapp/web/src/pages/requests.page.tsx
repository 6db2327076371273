import { Button, Dialog, List, Tag, Toast } from 'antd-mobile';
import { api, ApiError } from '../api/client.js';
import type { MyContactRequest } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';
import { OPEN_STATUSES as OPEN, requestStatusKey } from './contact-status.js';


interface MineResponse {
  readonly requests: readonly (MyContactRequest & { shared?: { kind: string; value: string } | null; reply?: string | null })[];
}

/** My contact requests to former colleagues: where each stands, and cancel while open. */
export function RequestsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const mine = useApi(() => api.get<MineResponse>('/api/contact-requests/mine'), []);
  const cancel = async (id: string) => {
    if (!(await Dialog.confirm({ content: t('contact.cancelConfirm') }))) return;
    try {
      await api.post(`/api/contact-requests/${encodeURIComponent(id)}/cancel`);
      Toast.show({ content: t('contact.cancelled') });
      mine.reload();
    } catch (e) {
      Toast.show({ content: e instanceof ApiError ? i18n.tOr(`error.code.${e.code}`, e.code) : t('error.generic') });
    }
  };
  return (
    <Page title={t('contact.title')}>
      <p className="bd-muted">{t('contact.howTo')}</p>
      <Loadable state={mine}>
        {({ requests }) =>
          requests.length === 0 ? (
            <p className="bd-empty">{t('contact.none')}</p>
          ) : (
            <List mode="card">
              {requests.map((r) => (
                <List.Item
                  key={r.id}
                  description={
                    <>
                      {t('contact.filed', { date: i18n.dateTime(r.createdAt) })}
                      {r.shared && (
                        <div className="bd-value">
                          {t('contact.sharedChannel', { kind: i18n.tOr(`channel.${r.shared.kind}`, r.shared.kind), value: r.shared.value })}
                        </div>
                      )}
                      {r.reply && <div className="bd-quote">{r.reply}</div>}
                    </>
                  }
                  extra={
                    OPEN.has(r.status) ? (
                      <Button size="mini" onClick={() => void cancel(r.id)}>
                        {t('contact.cancel')}
                      </Button>
                    ) : undefined
                  }
                >
                  <span>{r.target?.name ?? r.targetName ?? '—'}</span>{' '}
                  <Tag color={r.status === 'granted' || r.status === 'replied' ? 'success' : OPEN.has(r.status) ? 'primary' : 'default'}>
                    {i18n.tOr(requestStatusKey(r.status), r.status)}
                  </Tag>
                </List.Item>
              ))}
            </List>
          )
        }
      </Loadable>
    </Page>
  );
}
