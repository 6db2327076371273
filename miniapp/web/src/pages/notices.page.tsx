import { useState } from 'react';
import { Button, Dialog, List, Tag, TextArea, Toast } from 'antd-mobile';
import { api, ApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';

interface Notice {
  readonly version: number;
  readonly texts: { readonly 'zh-CN': string; readonly en: string };
  readonly publishedAt: string;
  readonly publishedBy: string | null;
  readonly prompted: number;
}

interface NoticesResponse {
  readonly current: number | null;
  readonly notices: readonly Notice[];
}

/**
 * HR: the privacy notice's versions (old ones stay readable; answers point at them) and a new
 * version in both languages. Publishing asks everyone who has not answered it, in chat.
 */
export function NoticesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const state = useApi(() => api.get<NoticesResponse>('/api/consent/notices'), []);
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [busy, setBusy] = useState(false);

  const publish = async (baseVersion: number) => {
    if (!zh.trim() || !en.trim()) {
      Toast.show({ content: t('notices.bothRequired') });
      return;
    }
    if (!(await Dialog.confirm({ content: t('notices.confirm', { version: baseVersion + 1 }) }))) return;
    setBusy(true);
    try {
      const r = await api.post<{ notice: Notice }>('/api/consent/notices', { baseVersion, text: { 'zh-CN': zh, en } });
      Toast.show({ content: t('notices.published', { version: r.notice.version }) });
      setZh('');
      setEn('');
    } catch (e) {
      Toast.show({ content: e instanceof ApiError ? (e.code === 'RECORD.CONFLICT' ? t('notices.stale') : i18n.tOr(`error.code.${e.code}`, e.code)) : t('error.generic') });
    } finally {
      setBusy(false);
      state.reload();
    }
  };

  return (
    <Page title={t('notices.title')}>
      <Loadable state={state}>
        {({ current, notices }) => (
          <>
            <List header={<h2 className="bd-section-title">{t('notices.new', { version: (current ?? 0) + 1 })}</h2>} mode="card">
              {/* A real <label> per textarea: antd-mobile puts aria-* on its wrapper, not on the field. */}
              <List.Item title={<label htmlFor="notice-text-zh">{t('notices.textZh')}</label>}>
                <TextArea id="notice-text-zh" value={zh} onChange={setZh} rows={5} maxLength={20_000} />
              </List.Item>
              <List.Item title={<label htmlFor="notice-text-en">{t('notices.textEn')}</label>}>
                <TextArea id="notice-text-en" value={en} onChange={setEn} rows={5} maxLength={20_000} />
              </List.Item>
              <List.Item>
                <Button block color="primary" loading={busy} onClick={() => void publish(current ?? 0)}>
                  {t('notices.publish')}
                </Button>
              </List.Item>
            </List>
            <List header={<h2 className="bd-section-title">{t('notices.versions')}</h2>} mode="card">
              {notices.length === 0 && <List.Item>{t('notices.none')}</List.Item>}
              {notices.map((n) => (
                <List.Item
                  key={n.version}
                  description={`${i18n.dateTime(n.publishedAt)} · ${t('notices.prompted', { n: n.prompted })}`}
                  extra={n.version === current ? <Tag color="success">{t('notices.current')}</Tag> : undefined}
                >
                  <strong>{t('notices.version', { version: n.version })}</strong>
                  <p className="bd-notice-text">{i18n.pick(n.texts)}</p>
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Loadable>
    </Page>
  );
}
