import { Button, List, Toast } from 'antd-mobile';
import { api, ApiError } from '../api/client.js';
import type { DeadLetter } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';

/** Messages the outbox gave up on; HR can send each again once the cause is fixed. */
export function OutboxPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const letters = useApi(() => api.get<{ letters: DeadLetter[] }>('/api/outbox/dead'), []);
  const retry = async (id: string) => {
    try {
      await api.post(`/api/outbox/dead/${encodeURIComponent(id)}/retry`);
      Toast.show({ content: t('outbox.requeued') });
      letters.reload();
    } catch (e) {
      Toast.show({ content: e instanceof ApiError ? e.code : t('error.generic') });
    }
  };
  return (
    <Page title={t('outbox.title')}>
      <Loadable state={letters}>
        {({ letters: list }) => (
          <List mode="card">
            {list.length === 0 && <List.Item>{t('outbox.none')}</List.Item>}
            {list.map((l) => (
              <List.Item
                key={l.id}
                description={`${t('outbox.attempts', { n: l.attempts })} · ${i18n.dateTime(l.deadAt)}${l.lastError ? ` · ${l.lastError}` : ''}`}
                extra={
                  <Button size="mini" color="primary" onClick={() => void retry(l.id)}>
                    {t('outbox.retry')}
                  </Button>
                }
              >
                {l.template} → {i18n.tOr(`recipient.${l.recipientKind}`, l.recipientKind)}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
    </Page>
  );
}
