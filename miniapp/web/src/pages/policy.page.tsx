import { useEffect, useState } from 'react';
import { Button, Checkbox, List, NoticeBar, Space, Stepper, Tag, Toast } from 'antd-mobile';
import { api, ApiError } from '../api/client.js';
import type { FieldCatalog, FieldDefinition, PurposeCode, RetentionRule } from '../../../../core/records/field-catalog.js';
import { DEFAULT_CATALOG } from '../../../../core/records/default-catalog.js';
import { useI18n, type I18n } from '../i18n/i18n.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';

interface HistoryResponse {
  readonly versions: readonly { version: number; updatedBy: string | null; updatedAt: string | null }[];
}

export function retentionText(i18n: I18n, rule: RetentionRule): string {
  switch (rule.kind) {
    case 'keep':
      return i18n.t('policy.retention.keep');
    case 'days_after_departure':
      return i18n.t('policy.retention.afterDeparture', { days: rule.days });
    case 'while_relay_opt_in':
      return i18n.t('policy.retention.whileRelay', { days: rule.days, max: rule.maxDays });
    case 'days_after_final_pay':
      return i18n.t('policy.retention.afterFinalPay', { days: rule.days });
  }
}

const withDays = (rule: RetentionRule, days: number): RetentionRule =>
  rule.kind === 'keep' ? rule : rule.kind === 'while_relay_opt_in' ? { ...rule, days: Math.min(days, rule.maxDays) } : { ...rule, days };

/** The field catalog and retention policy: every save is a new version, logged by the server. */
export function PolicyPage() {
  const { t } = useI18n();
  const catalog = useApi(() => api.get<FieldCatalog>('/api/catalog'), []);
  const history = useApi(() => api.get<HistoryResponse>('/api/catalog/history'), []);
  return (
    <Page title={t('policy.title')}>
      <Loadable state={catalog}>
        {(c) => (
          <CatalogEditor
            catalog={c}
            onSaved={() => {
              catalog.reload();
              history.reload();
            }}
          />
        )}
      </Loadable>
      <Loadable state={history}>
        {({ versions }) => (
          <List header={<h2 className="bd-section-title">{t('policy.history')}</h2>} mode="card">
            {versions.map((v) => (
              <HistoryItem key={v.version} {...v} />
            ))}
          </List>
        )}
      </Loadable>
    </Page>
  );
}

function HistoryItem(props: { version: number; updatedBy: string | null; updatedAt: string | null }) {
  const i18n = useI18n();
  return (
    <List.Item description={i18n.dateTime(props.updatedAt)}>
      {i18n.t('policy.version', { version: props.version })} · {props.updatedBy ?? i18n.t('policy.system')}
    </List.Item>
  );
}

function CatalogEditor(props: { catalog: FieldCatalog; onSaved(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [draft, setDraft] = useState<FieldCatalog>(props.catalog);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(props.catalog), [props.catalog]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(props.catalog);
  const assignable = draft.purposes.filter((p) => !p.neverValid);

  const updateField = (key: string, change: (f: FieldDefinition) => FieldDefinition) =>
    setDraft((d) => ({ ...d, fields: d.fields.map((f) => (f.key === key ? change(f) : f)) }));

  const save = async () => {
    setBusy(true);
    setProblems([]);
    try {
      const { version: _v, updatedBy: _b, updatedAt: _a, ...body } = draft;
      await api.put('/api/catalog', body);
      Toast.show({ content: t('common.saved') });
      props.onSaved();
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.details))
        setProblems(e.details.map((d: { path?: string; problem?: string; message?: string }) => `${d.path ?? ''} ${d.message ?? d.problem ?? ''}`.trim()));
      else setProblems([e instanceof ApiError ? e.code : t('error.generic')]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="bd-muted">{t('policy.intro', { version: props.catalog.version })}</p>
      {problems.length > 0 && (
        <div role="alert">
          <NoticeBar color="error" wrap content={<ul>{problems.map((p, i) => <li key={i}>{p}</li>)}</ul>} />
        </div>
      )}
      <List header={<h2 className="bd-section-title">{t('policy.fields')}</h2>} mode="card">
        {draft.fields.map((f) => {
          const byDefault = DEFAULT_CATALOG.fields.find((d) => d.key === f.key);
          const differs = byDefault && JSON.stringify(byDefault.retention) !== JSON.stringify(f.retention);
          return (
            <List.Item
              key={f.key}
              description={
                <div className="bd-policy-field">
                  <div>
                    {t('policy.retention')}: {retentionText(i18n, f.retention)}
                    {byDefault && (
                      <span className={differs ? 'bd-differs' : 'bd-muted'}>
                        {' '}
                        ({t('policy.default')}: {retentionText(i18n, byDefault.retention)})
                      </span>
                    )}
                  </div>
                  {f.retention.kind !== 'keep' && (
                    <label className="bd-inline">
                      <span>{t('policy.days')}</span>
                      <Stepper
                        min={1}
                        max={3650}
                        value={f.retention.days}
                        onChange={(v) => updateField(f.key, (x) => ({ ...x, retention: withDays(x.retention, v) }))}
                        aria-label={t('policy.daysFor', { field: i18n.pick(f.label) })}
                      />
                    </label>
                  )}
                  {(f.sensitivity === 'personal' || f.sensitivity === 'sensitive') && (
                    <fieldset className="bd-fieldset">
                      <legend>{t('policy.purposes')}</legend>
                      <Checkbox.Group
                        value={[...f.purposes]}
                        onChange={(v) => updateField(f.key, (x) => ({ ...x, purposes: v as PurposeCode[] }))}
                      >
                        <Space wrap>
                          {assignable.map((p) => (
                            <Checkbox key={p.code} value={p.code}>
                              {i18n.pick(p.label)}
                            </Checkbox>
                          ))}
                        </Space>
                      </Checkbox.Group>
                    </fieldset>
                  )}
                </div>
              }
              extra={<Tag fill="outline">{t(`sensitivity.${f.sensitivity}`)}</Tag>}
            >
              {i18n.pick(f.label)}
            </List.Item>
          );
        })}
      </List>
      <List header={<h2 className="bd-section-title">{t('policy.display')}</h2>} mode="card">
        <List.Item
          extra={
            <Stepper
              min={10}
              max={600}
              value={draft.revealDisplaySeconds}
              onChange={(v) => setDraft((d) => ({ ...d, revealDisplaySeconds: v }))}
              aria-label={t('policy.revealSeconds')}
            />
          }
        >
          {t('policy.revealSeconds')}
        </List.Item>
        <List.Item
          extra={
            <Stepper
              min={1}
              max={90}
              value={draft.contactRequests.cooldownDays}
              onChange={(v) => setDraft((d) => ({ ...d, contactRequests: { ...d.contactRequests, cooldownDays: v } }))}
              aria-label={t('policy.cooldownDays')}
            />
          }
        >
          {t('policy.cooldownDays')}
        </List.Item>
        <List.Item
          extra={
            <Stepper
              min={1}
              max={30}
              value={draft.contactRequests.linkValidityDays}
              onChange={(v) => setDraft((d) => ({ ...d, contactRequests: { ...d.contactRequests, linkValidityDays: v } }))}
              aria-label={t('policy.linkValidityDays')}
            />
          }
        >
          {t('policy.linkValidityDays')}
        </List.Item>
      </List>
      <div className="bd-sticky-actions">
        <Space>
          <Button disabled={!dirty || busy} onClick={() => setDraft(props.catalog)}>
            {t('policy.discard')}
          </Button>
          <Button color="primary" disabled={!dirty} loading={busy} onClick={() => void save()}>
            {t('policy.save')}
          </Button>
        </Space>
      </div>
    </>
  );
}
