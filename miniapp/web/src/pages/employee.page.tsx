import { useState } from 'react';
import { Button, Checkbox, Dialog, Space, Switch, Tag, Toast } from 'antd-mobile';
import { api, ApiError, request } from '../api/client.js';
import type { EmployeeRecord, RecordField, RevealGranted, Role } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useSignedIn } from '../session/session.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';
import { RecordSections } from '../components/record-sections.js';
import { RevealSheet, type RevealTarget } from '../components/reveal-sheet.js';
import { HiddenAgain, RevealedPanel } from '../components/revealed-panel.js';
import { useReveals } from '../components/use-reveals.js';
import { clientDeadline } from '../components/use-countdown.js';
import { EmployeeOffboarding } from './employee-offboarding.js';

const ROLES: readonly Role[] = ['employee', 'dept_head', 'hr_admin', 'auditor'];

/** Someone's record as the caller may see it; HR reveals masked fields for a stated purpose. */
export function EmployeePage(props: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { config, has } = useSignedIn();
  const record = useApi(() => api.get<EmployeeRecord>(`/api/employees/${encodeURIComponent(props.id)}`), [props.id]);
  const [target, setTarget] = useState<RevealTarget | null>(null);
  const reveals = useReveals();

  const onReveal = (r: EmployeeRecord, f: RecordField) =>
    setTarget({ employeeId: r.id, employeeName: r.name ?? '—', fields: [{ key: f.key, label: i18n.pick(f.label) }] });

  const showAgain = async (grantId: string) => {
    try {
      const res = await request<RevealGranted>('GET', `/api/grants/${encodeURIComponent(grantId)}`);
      reveals.show({ grant: res.data, deadline: clientDeadline(res.data.expiresAt, res.serverTime) });
    } catch (e) {
      Toast.show({ content: e instanceof ApiError && e.code === 'ACCESS.EXPIRED' ? t('reveal.grantExpired') : t('error.generic') });
    }
  };

  return (
    <Loadable state={record}>
      {(r) => (
        <Page
          title={r.name ?? '—'}
          extra={
            <Space>
              <Tag color={r.status === 'departed' ? 'default' : 'success'}>{t(`status.${r.status}`)}</Tag>
              {r.legalHold && <Tag color="danger">{t('employee.legalHold')}</Tag>}
            </Space>
          }
        >
          <RecordSections
            record={r}
            revealLabel={t('reveal.button')}
            onReveal={(f) => onReveal(r, f)}
            showing={reveals.showing}
            below={(f) => {
              const s = reveals.shown[f.key];
              if (s) return <RevealedPanel shown={s} onHide={() => reveals.hide(f.key)} />;
              const gone = reveals.hidden[f.key];
              if (!gone) return null;
              const grantId = gone.grantId;
              return <HiddenAgain onShowAgain={grantId ? () => void showAgain(grantId) : undefined} />;
            }}
          />
          {has('hr_admin') && <EmployeeOffboarding record={r} onChanged={record.reload} />}
          {has('hr_admin') && <HrControls record={r} onChanged={record.reload} />}
          <RevealSheet
            target={target}
            purposes={config.purposes}
            onClose={() => setTarget(null)}
            onRevealed={(s) => {
              setTarget(null);
              reveals.show(s);
            }}
          />
        </Page>
      )}
    </Loadable>
  );
}

/** Legal hold and roles: both versioned in the access log by the server. */
function HrControls(props: { record: EmployeeRecord; onChanged(): void }) {
  const { t } = useI18n();
  const [roles, setRoles] = useState<Role[] | null>(props.record.roles ? [...props.record.roles] : null);

  const toggleHold = async (on: boolean) => {
    const note = on ? t('employee.legalHoldNoteOn') : t('employee.legalHoldNoteOff');
    const ok = await Dialog.confirm({ content: on ? t('employee.legalHoldConfirmOn') : t('employee.legalHoldConfirmOff') });
    if (!ok) return;
    try {
      await api.put(`/api/employees/${encodeURIComponent(props.record.id)}/legal-hold`, { on, note });
      Toast.show({ content: t('common.saved') });
      props.onChanged();
    } catch (e) {
      Toast.show({ content: e instanceof ApiError ? e.code : t('error.generic') });
    }
  };

  const saveRoles = async () => {
    if (!roles) return;
    try {
      await api.put(`/api/employees/${encodeURIComponent(props.record.id)}/roles`, { roles });
      Toast.show({ content: t('common.saved') });
      props.onChanged();
    } catch (e) {
      Toast.show({ content: e instanceof ApiError ? e.code : t('error.generic') });
    }
  };

  return (
    <section className="bd-card" aria-labelledby="bd-hr-controls">
      <h2 id="bd-hr-controls">{t('employee.hrControls')}</h2>
      <label className="bd-inline">
        <Switch checked={props.record.legalHold ?? false} onChange={(v) => void toggleHold(v)} aria-label={t('employee.legalHold')} />
        <span>{t('employee.legalHold')}</span>
      </label>
      <fieldset className="bd-fieldset">
        <legend>{t('employee.roles')}</legend>
        {roles ? (
          <>
            <Checkbox.Group value={roles} onChange={(v) => setRoles(v as Role[])}>
              <Space wrap>
                {ROLES.map((r) => (
                  <Checkbox key={r} value={r}>
                    {t(`role.${r}`)}
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
            <Button size="small" color="primary" onClick={() => void saveRoles()}>
              {t('employee.saveRoles')}
            </Button>
          </>
        ) : (
          <p className="bd-muted">{t('employee.rolesUnavailable')}</p>
        )}
      </fieldset>
    </section>
  );
}
