import { Button, Dialog, List, Space, Tag, TextArea, Toast } from 'antd-mobile';
import { api, ApiError } from '../api/client.js';
import type { Approval, BreakGlassReview, QueueContactRequest } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useSignedIn } from '../session/session.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';
import { Link } from '../router.js';
import { CorrectionQueue } from './corrections.js';

/** HR's work queue: contact requests to review, four-eyes approvals, break-glass reviews, record corrections. */
export function QueuePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSignedIn();
  const requests = useApi(() => api.get<{ requests: QueueContactRequest[] }>('/api/contact-requests'), []);
  const approvals = useApi(() => api.get<{ approvals: Approval[] }>('/api/approvals', { status: 'pending' }), []);
  const reviews = useApi(() => api.get<{ reviews: BreakGlassReview[] }>('/api/reviews', { status: 'open' }), []);

  const act = async (path: string, body: unknown, reload: () => void) => {
    try {
      await api.post(path, body);
      Toast.show({ content: t('common.saved') });
      reload();
    } catch (e) {
      Toast.show({ content: e instanceof ApiError ? i18n.tOr(`error.code.${e.code}`, e.code) : t('error.generic') });
    }
  };
  const purpose = (code: string) => i18n.tOr(`purpose.${code}`, code);
  // Stopping a request tells the requester why, so it needs a note.
  const askNote = () =>
    new Promise<string | null>((resolve) => {
      let note = '';
      Dialog.show({
        title: t('queue.stopNote'),
        content: <TextArea rows={3} maxLength={300} onChange={(v) => (note = v)} aria-label={t('queue.stopNote')} />,
        closeOnAction: true,
        actions: [
          [
            { key: 'cancel', text: t('common.close'), onClick: () => resolve(null) },
            { key: 'stop', text: t('queue.stop'), danger: true, bold: true, onClick: () => resolve(note.trim() || null) },
          ],
        ],
      });
    });
  const stop = async (id: string) => {
    const note = await askNote();
    if (note) await act(`/api/contact-requests/${id}/review`, { decision: 'reject', note }, requests.reload);
  };

  return (
    <Page title={t('queue.title')}>
      <Loadable state={requests}>
        {({ requests: list }) => (
          <List header={<h2 className="bd-section-title">{t('queue.contactRequests')}</h2>} mode="card">
            {list.length === 0 && <List.Item>{t('queue.empty')}</List.Item>}
            {list.map((r) => (
              <List.Item
                key={r.id}
                description={
                  <>
                    {r.reason ? i18n.tOr(`contact.reason.${r.reason}`, r.reason) : ''} · {i18n.dateTime(r.createdAt)}
                    {r.message && <div className="bd-quote">{r.message}</div>}
                  </>
                }
                extra={
                  r.status === 'hr_review' ? (
                    <Space>
                      <Button size="mini" color="primary" onClick={() => void act(`/api/contact-requests/${r.id}/review`, { decision: 'approve' }, requests.reload)}>
                        {t('queue.forward')}
                      </Button>
                      <Button size="mini" onClick={() => void stop(r.id)}>
                        {t('queue.stop')}
                      </Button>
                    </Space>
                  ) : (
                    <Tag>{i18n.tOr(`contact.status.${r.status}`, r.status)}</Tag>
                  )
                }
              >
                {r.requester?.name ?? r.requesterName ?? '—'} → {r.target?.name ?? r.targetName ?? '—'}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
      <Loadable state={approvals}>
        {({ approvals: list }) => (
          <List header={<h2 className="bd-section-title">{t('queue.approvals')}</h2>} mode="card">
            {list.length === 0 && <List.Item>{t('queue.empty')}</List.Item>}
            {list.map((a) => (
              <List.Item
                key={a.id}
                description={`${purpose(a.purpose)} · ${a.reference ?? ''} · ${a.fields.join(', ')} · ${i18n.dateTime(a.createdAt)}`}
                extra={
                  a.requester.id === me.id ? (
                    <Tag>{t('queue.ownRequest')}</Tag>
                  ) : (
                    <Space>
                      <Button size="mini" color="primary" onClick={() => void act(`/api/approvals/${a.id}`, { decision: 'approve' }, approvals.reload)}>
                        {t('queue.approve')}
                      </Button>
                      <Button size="mini" color="danger" onClick={() => void act(`/api/approvals/${a.id}`, { decision: 'reject' }, approvals.reload)}>
                        {t('queue.reject')}
                      </Button>
                    </Space>
                  )
                }
              >
                {a.requester.name} → <Link to={`/employees/${encodeURIComponent(a.subjectId)}`}>{t('queue.subject')}</Link>
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
      <Loadable state={reviews}>
        {({ reviews: list }) => <ReviewList reviews={list} onOutcome={(id, outcome) => void act(`/api/reviews/${id}`, { outcome }, reviews.reload)} />}
      </Loadable>
      <CorrectionQueue />
    </Page>
  );
}

/** Break-glass uses waiting for their after-the-fact review (also shown to the auditor, read-only). */
export function ReviewList(props: { reviews: readonly BreakGlassReview[]; onOutcome?: (id: string, outcome: 'justified' | 'misuse') => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <List header={<h2 className="bd-section-title">{t('queue.reviews')}</h2>} mode="card">
      {props.reviews.length === 0 && <List.Item>{t('queue.empty')}</List.Item>}
      {props.reviews.map((r) => (
        <List.Item
          key={r.id}
          description={i18n.dateTime(r.createdAt)}
          extra={
            props.onOutcome ? (
              <Space>
                <Button size="mini" color="primary" onClick={() => props.onOutcome?.(r.id, 'justified')}>
                  {t('queue.justified')}
                </Button>
                <Button size="mini" color="danger" onClick={() => props.onOutcome?.(r.id, 'misuse')}>
                  {t('queue.misuse')}
                </Button>
              </Space>
            ) : (
              <Tag color="warning">{i18n.tOr(`review.${r.status}`, r.status)}</Tag>
            )
          }
        >
          {r.actor.name} → <Link to={`/employees/${encodeURIComponent(r.subjectId)}`}>{t('queue.subject')}</Link>
        </List.Item>
      ))}
    </List>
  );
}
