import { useState } from 'react';
import { Button, Dialog, Form, Input, List, Selector, Space, Tag, Toast } from 'antd-mobile';
import { api } from '../api/client.js';
import type { EmployeeRecord, Offboarding, OffboardingApproval } from '../api/types.js';
import { useI18n, type I18n } from '../i18n/i18n.js';
import { useApi } from '../components/use-api.js';
import { Loadable } from '../components/page-state.js';
import { addDays, apiErrorText, todayIn } from '../components/api-error-text.js';

// The bot's resignation card offers the same categories (core/records/employee.ts SEPARATION_REASONS).
const REASONS = ['personal', 'family', 'career', 'contract_end', 'mutual_agreement', 'dismissal', 'other'] as const;
// The bot proposes 30 days' notice; HR can pick any day from today.
const DEFAULT_NOTICE_DAYS = 30;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** HR's view of a person's resignation on their employee page: start one, follow it, approve or decline it as HR. */
export function EmployeeOffboarding(props: { record: EmployeeRecord; onChanged(): void }) {
  const { t } = useI18n();
  const state = useApi(() => api.get<{ offboarding: Offboarding | null }>(`/api/employees/${encodeURIComponent(props.record.id)}/offboarding`), [props.record.id]);
  const changed = () => {
    state.reload();
    props.onChanged();
  };
  return (
    <section className="bd-card" aria-labelledby="bd-offboarding">
      <h2 id="bd-offboarding">{t('offboarding.case.title')}</h2>
      <Loadable state={state}>
        {({ offboarding }) => {
          const open = offboarding && (offboarding.status === 'awaiting_approval' || offboarding.status === 'pending_departure');
          return (
            <>
              {offboarding && <CaseView c={offboarding} onChanged={changed} />}
              {!open && props.record.status === 'active' && <StartForm employeeId={props.record.id} onFiled={changed} />}
            </>
          );
        }}
      </Loadable>
    </section>
  );
}

function approvalText(i18n: I18n, a: OffboardingApproval | undefined): { text: string; color: 'success' | 'danger' | 'default' | 'warning' } {
  if (a === 'not_required') return { text: i18n.t('offboarding.approval.notRequired'), color: 'default' };
  if (!a) return { text: i18n.t('offboarding.approval.waiting'), color: 'warning' };
  return a.approved ? { text: i18n.t('offboarding.approval.approved'), color: 'success' } : { text: i18n.t('offboarding.approval.declined'), color: 'danger' };
}

function CaseView(props: { c: Offboarding; onChanged(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { c } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Posts one action on the case, after a confirmation when there is one to ask. */
  const act = async (path: string, body: object, saved: string, confirm?: string) => {
    if (confirm && !(await Dialog.confirm({ content: confirm }))) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/offboarding/${encodeURIComponent(c.id)}/${path}`, body);
      Toast.show({ content: saved });
      props.onChanged();
    } catch (e) {
      setError(apiErrorText(i18n, e));
    } finally {
      setBusy(false);
    }
  };
  const decide = (decision: 'approve' | 'reject') =>
    act('decision', { decision, as: 'hr' }, t('common.saved'), decision === 'reject' ? t('offboarding.declineConfirm') : undefined);
  const withdraw = () => act('withdraw', {}, t('offboarding.withdraw.done'), t('offboarding.withdraw.confirmHr'));
  const head = approvalText(i18n, c.approvals?.deptHead);
  const hr = approvalText(i18n, c.approvals?.hr);
  const hrMayDecide = c.status === 'awaiting_approval' && c.approvals?.hr === null;
  const open = c.status === 'awaiting_approval' || c.status === 'pending_departure';
  return (
    <div data-testid="offboarding-case">
      <List mode="card">
        <List.Item extra={<Tag color={c.status === 'rejected' ? 'danger' : 'primary'}>{i18n.tOr(`offboarding.status.${c.status}`, c.status)}</Tag>}>
          {t('offboarding.case.status')}
        </List.Item>
        <List.Item extra={i18n.day(c.lastDay)}>{t('offboarding.start.lastDay')}</List.Item>
        {c.reasonCategory && <List.Item extra={i18n.tOr(`separationReason.${c.reasonCategory}`, c.reasonCategory)}>{t('offboarding.case.reason')}</List.Item>}
        {c.approvals && (
          <>
            <List.Item extra={<Tag color={head.color}>{head.text}</Tag>}>{t('offboarding.approval.deptHead')}</List.Item>
            <List.Item extra={<Tag color={hr.color}>{hr.text}</Tag>}>{t('offboarding.approval.hr')}</List.Item>
          </>
        )}
      </List>
      {hrMayDecide && (
        <Space>
          <Button size="small" color="primary" loading={busy} onClick={() => void decide('approve')}>
            {t('offboarding.approve')}
          </Button>
          <Button size="small" color="danger" fill="outline" disabled={busy} onClick={() => void decide('reject')}>
            {t('offboarding.decline')}
          </Button>
        </Space>
      )}
      {open && (
        <Button size="small" fill="outline" disabled={busy} onClick={() => void withdraw()}>
          {t('offboarding.withdraw.button')}
        </Button>
      )}
      {error && (
        <p role="alert" className="bd-error">
          {error}
        </p>
      )}
    </div>
  );
}

function StartForm(props: { employeeId: string; onFiled(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const today = todayIn(i18n.timezone);
  const [lastDay, setLastDay] = useState(addDays(today, DEFAULT_NOTICE_DAYS));
  const [reason, setReason] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    // Checked here for a quick answer; the server checks again against its own clock and zone.
    const day = lastDay.trim();
    if (!ISO_DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) return setError(t('offboarding.start.badDay'));
    if (day < todayIn(i18n.timezone)) return setError(t('offboarding.start.pastDay', { today: i18n.day(todayIn(i18n.timezone)) }));
    if (!reason) return setError(t('offboarding.start.needReason'));
    setError(null);
    setBusy(true);
    try {
      await api.post('/api/offboarding', { employeeId: props.employeeId, lastDay: day, reasonCategory: reason });
      Toast.show({ content: t('offboarding.start.filed') });
      props.onFiled();
    } catch (e) {
      setError(apiErrorText(i18n, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      layout="vertical"
      aria-label={t('offboarding.start.title')}
      footer={
        <Button block color="danger" fill="outline" loading={busy} onClick={() => void submit()}>
          {t('offboarding.start.button')}
        </Button>
      }
    >
      <Form.Header>{t('offboarding.start.title')}</Form.Header>
      <Form.Item label={t('offboarding.start.lastDay')} description={t('offboarding.start.lastDayHint', { timezone: i18n.timezone })}>
        <Input type="date" value={lastDay} onChange={setLastDay} aria-label={t('offboarding.start.lastDay')} />
      </Form.Item>
      <Form.Item label={t('offboarding.start.reason')}>
        <Selector
          columns={2}
          options={REASONS.map((r) => ({ value: r, label: t(`separationReason.${r}`) }))}
          value={reason ? [reason] : []}
          onChange={(v) => setReason(v[0] ?? null)}
        />
      </Form.Item>
      {error && (
        <p role="alert" className="bd-error">
          {error}
        </p>
      )}
    </Form>
  );
}
