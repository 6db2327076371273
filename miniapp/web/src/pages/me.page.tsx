import { useState } from 'react';
import { Button, Dialog, List, NoticeBar, Tag, Toast } from 'antd-mobile';
import { DownlandOutline } from 'antd-mobile-icons';
import { api, ApiError, request } from '../api/client.js';
import type { EmployeeRecord, Localized, Offboarding, RevealGranted } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useSignedIn } from '../session/session.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';
import { RecordSections } from '../components/record-sections.js';
import { HiddenAgain, RevealedPanel } from '../components/revealed-panel.js';
import { useReveals } from '../components/use-reveals.js';
import { clientDeadline } from '../components/use-countdown.js';
import { refusalText } from '../components/reveal-sheet.js';
import { MyCorrections } from './corrections.js';

/** My own record: my values open on tap (logged as subject_request); download all my data. */
export function MePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSignedIn();
  const record = useApi(() => api.get<EmployeeRecord>(`/api/employees/${encodeURIComponent(me.id)}`), [me.id]);
  const reveals = useReveals();

  const reveal = async (field: string) => {
    try {
      const res = await request<RevealGranted>('POST', `/api/employees/${encodeURIComponent(me.id)}/reveal`, {
        body: { fields: [field], purpose: 'subject_request', justification: t('me.selfJustification') },
      });
      reveals.show({ grant: res.data, deadline: clientDeadline(res.data.expiresAt, res.serverTime) });
    } catch (e) {
      const text = e instanceof ApiError ? refusalText(i18n, e.code, e.reason) : t('error.generic');
      Toast.show({ content: text });
    }
  };

  return (
    <Page
      title={t('me.title')}
      extra={
        // A plain link: the browser downloads the file the server streams (Content-Disposition).
        <a className="adm-button adm-button-primary adm-button-fill-outline adm-button-small bd-download" href="/api/me/export" download>
          <DownlandOutline aria-hidden /> {t('me.download')}
        </a>
      }
    >
      {me.status === 'pending_departure' && <MyOffboarding />}
      <Loadable state={record}>
        {(r) => (
          <RecordSections
            record={r}
            revealLabel={t('me.show')}
            onReveal={(f) => void reveal(f.key)}
            showing={reveals.showing}
            below={(f) => {
              const s = reveals.shown[f.key];
              if (s) return <RevealedPanel shown={s} onHide={() => reveals.hide(f.key)} />;
              return reveals.hidden[f.key] ? <HiddenAgain /> : null;
            }}
          />
        )}
      </Loadable>
      <MyCorrections />
    </Page>
  );
}

interface MyOffboardingResponse {
  readonly offboarding: Offboarding | null;
  /** What is kept after the last day, why and until when, one sentence per line. */
  readonly statement?: readonly { readonly text: Localized }[] | null;
}

/** The departing employee's checklist (handover, equipment, department head confirmation). */
function MyOffboarding() {
  const i18n = useI18n();
  const { t } = i18n;
  const state = useApi(() => api.get<MyOffboardingResponse | Offboarding>('/api/me/offboarding'), []);
  const [busy, setBusy] = useState<string | null>(null);
  const complete = async (id: string, item: string) => {
    setBusy(item);
    try {
      await api.post(`/api/offboarding/${encodeURIComponent(id)}/checklist/${encodeURIComponent(item)}`, { done: true });
      state.reload();
    } catch (e) {
      Toast.show({ content: e instanceof ApiError ? e.code : t('error.generic') });
    } finally {
      setBusy(null);
    }
  };
  const withdraw = async (id: string) => {
    if (!(await Dialog.confirm({ content: t('offboarding.withdraw.confirmMine') }))) return;
    setBusy('withdraw');
    try {
      await api.post(`/api/offboarding/${encodeURIComponent(id)}/withdraw`, {});
      Toast.show({ content: t('offboarding.withdraw.done') });
      state.reload();
    } catch (e) {
      Toast.show({ content: e instanceof ApiError ? e.code : t('error.generic') });
    } finally {
      setBusy(null);
    }
  };
  return (
    <Loadable state={state}>
      {(data) => {
        const o = 'items' in data ? data : data.offboarding;
        // A withdrawn or declined resignation leaves nothing to do here.
        if (!o || o.status === 'cancelled' || o.status === 'rejected') return null;
        const open = o.status === 'awaiting_approval' || o.status === 'pending_departure';
        const statement = 'items' in data ? [] : (data.statement ?? []);
        return (
          <>
            <List header={<h2 className="bd-section-title">{t('offboarding.title')}</h2>} mode="card">
              <List.Item>
                <NoticeBar content={t('offboarding.lastDay', { date: i18n.day(o.lastDay) })} color="info" wrap />
              </List.Item>
              {o.items.map((item) => (
                <List.Item
                  key={item.key}
                  extra={
                    item.done ? (
                      <Tag color="success">{t('offboarding.done')}</Tag>
                    ) : item.canConfirm ? (
                      <Button size="mini" color="primary" loading={busy === item.key} onClick={() => void complete(o.id, item.key)}>
                        {t('offboarding.markDone')}
                      </Button>
                    ) : (
                      // HR or the department head confirms it; the server says whether that is this viewer.
                      <Tag color="default">{t('offboarding.pending')}</Tag>
                    )
                  }
                >
                  {item.label ? i18n.pick(item.label) : i18n.tOr(`offboarding.item.${item.key}`, item.key)}
                </List.Item>
              ))}
              {open && (
                <List.Item>
                  <Button size="small" fill="outline" loading={busy === 'withdraw'} onClick={() => void withdraw(o.id)}>
                    {t('offboarding.withdraw.mine')}
                  </Button>
                </List.Item>
              )}
            </List>
            {statement.length > 0 && (
              <section aria-label={t('offboarding.kept')}>
                <List header={<h2 className="bd-section-title">{t('offboarding.kept')}</h2>} mode="card">
                  {statement.map((line, i) => (
                    <List.Item key={i}>{i18n.pick(line.text)}</List.Item>
                  ))}
                </List>
              </section>
            )}
          </>
        );
      }}
    </Loadable>
  );
}
