import { useState } from 'react';
import { Button, Dialog, Form, Input, List, Space, Tag, TextArea, Toast } from 'antd-mobile';
import { api } from '../api/client.js';
import type { AppConfig, CorrectionRequest } from '../api/types.js';
import { useI18n, type I18n } from '../i18n/i18n.js';
import { useSignedIn } from '../session/session.js';
import { useApi } from '../components/use-api.js';
import { Loadable } from '../components/page-state.js';
import { apiErrorText } from '../components/api-error-text.js';
import { Link } from '../router.js';

// The server keeps at most 500 characters of the person's words (core/offboarding/correction-request.use-case.ts).
const MAX_NOTE = 500;
const STATUS_COLOR = { open: 'warning', applied: 'success', declined: 'default' } as const;

const fieldLabel = (i18n: I18n, fields: AppConfig['fields'], key: string) => {
  const f = fields.find((x) => x.key === key);
  return f ? i18n.pick(f.label) : i18n.tOr(`fieldKey.${key}`, key);
};

// The request's text is stored as written, outside the encrypted vault, so a new value is asked
// for only where the field itself is not personal data.
const isPersonal = (sensitivity: string) => sensitivity === 'personal' || sensitivity === 'sensitive';

/** My record: ask HR to correct a field, and see what became of my earlier requests. */
export function MyCorrections() {
  const i18n = useI18n();
  const { t } = i18n;
  const { config } = useSignedIn();
  const mine = useApi(() => api.get<{ corrections: CorrectionRequest[] }>('/api/me/corrections'), []);
  const [field, setField] = useState('');
  const [proposed, setProposed] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = config.fields.find((f) => f.key === field);
  const asksValue = chosen !== undefined && !isPersonal(chosen.sensitivity);

  const submit = async () => {
    if (!chosen) return setError(t('corrections.needField'));
    const said = note.trim();
    const value = asksValue ? proposed.trim() : '';
    if (!said && !value) return setError(t('corrections.needNote'));
    const text = [value ? `${t('corrections.proposed')}: ${value}` : '', said].filter(Boolean).join('\n');
    if (text.length > MAX_NOTE) return setError(t('corrections.tooLong', { max: MAX_NOTE }));
    setError(null);
    setBusy(true);
    try {
      await api.post('/api/me/corrections', { field: chosen.key, note: text });
      Toast.show({ content: t('corrections.filed') });
      setField('');
      setProposed('');
      setNote('');
      mine.reload();
    } catch (e) {
      setError(apiErrorText(i18n, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="bd-corrections">
      <Loadable state={mine}>
        {({ corrections }) => (
          <List
            mode="card"
            header={
              <h2 id="bd-corrections" className="bd-section-title">
                {t('corrections.title')}
              </h2>
            }
          >
            {corrections.length === 0 && <List.Item>{t('corrections.none')}</List.Item>}
            {[...corrections].reverse().map((c) => (
              <List.Item
                key={c.id}
                data-testid="my-correction"
                description={
                  <>
                    {t('corrections.requestedAt', { date: i18n.dateTime(c.requestedAt) })}
                    <div className="bd-quote bd-prewrap">{c.note}</div>
                  </>
                }
                extra={<Tag color={STATUS_COLOR[c.status] ?? 'default'}>{i18n.tOr(`corrections.status.${c.status}`, c.status)}</Tag>}
              >
                {fieldLabel(i18n, config.fields, c.field)}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
      <Form
        layout="vertical"
        mode="card"
        aria-label={t('corrections.new')}
        footer={
          <Button block color="primary" loading={busy} onClick={() => void submit()}>
            {t('corrections.submit')}
          </Button>
        }
      >
        <Form.Header>{t('corrections.new')}</Form.Header>
        <Form.Item label={t('corrections.field')}>
          <select className="bd-select" value={field} onChange={(e) => setField(e.target.value)} aria-label={t('corrections.field')}>
            <option value="">{t('corrections.chooseField')}</option>
            {config.fields.map((f) => (
              <option key={f.key} value={f.key}>
                {i18n.pick(f.label)}
              </option>
            ))}
          </select>
        </Form.Item>
        {asksValue && (
          <Form.Item label={t('corrections.proposed')}>
            <Input value={proposed} onChange={setProposed} maxLength={200} aria-label={t('corrections.proposed')} />
          </Form.Item>
        )}
        {chosen && !asksValue && <Form.Item>{<p className="bd-muted">{t('corrections.personalHint')}</p>}</Form.Item>}
        <Form.Item>
          {/* antd-mobile puts aria-* on the TextArea's wrapper, so the textarea is named by a real label. */}
          <label className="adm-form-item-label" htmlFor="bd-correction-note">
            {t('corrections.note')}
          </label>
          <TextArea id="bd-correction-note" value={note} onChange={setNote} rows={3} maxLength={MAX_NOTE} showCount placeholder={t('corrections.notePlaceholder')} />
        </Form.Item>
        {error && (
          <Form.Item>
            <p role="alert" className="bd-error">
              {error}
            </p>
          </Form.Item>
        )}
      </Form>
    </section>
  );
}

/** HR's queue of open correction requests; closing one tells the person (card in chat). */
export function CorrectionQueue() {
  const i18n = useI18n();
  const { t } = i18n;
  const { config } = useSignedIn();
  const open = useApi(() => api.get<{ corrections: CorrectionRequest[] }>('/api/corrections'), []);
  const [error, setError] = useState<string | null>(null);
  const resolve = async (c: CorrectionRequest, outcome: 'applied' | 'declined') => {
    if (!(await Dialog.confirm({ content: t(outcome === 'applied' ? 'corrections.applyConfirm' : 'corrections.declineConfirm') }))) return;
    try {
      await api.post(`/api/corrections/${encodeURIComponent(c.id)}`, { outcome });
      setError(null);
      Toast.show({ content: t('common.saved') });
    } catch (e) {
      setError(apiErrorText(i18n, e));
    }
    open.reload();
  };
  return (
    <Loadable state={open}>
      {({ corrections }) => (
        <List header={<h2 className="bd-section-title">{t('corrections.queue')}</h2>} mode="card">
          {error && (
            <List.Item>
              <p role="alert" className="bd-error">
                {error}
              </p>
            </List.Item>
          )}
          {corrections.length === 0 && <List.Item>{t('queue.empty')}</List.Item>}
          {corrections.map((c) => (
            <List.Item
              key={c.id}
              data-testid="correction-request"
              description={
                <>
                  {fieldLabel(i18n, config.fields, c.field)} · {i18n.dateTime(c.requestedAt)}
                  <div className="bd-quote bd-prewrap">{c.note}</div>
                </>
              }
              extra={
                <Space>
                  <Button size="mini" color="primary" onClick={() => void resolve(c, 'applied')}>
                    {t('corrections.apply')}
                  </Button>
                  <Button size="mini" onClick={() => void resolve(c, 'declined')}>
                    {t('corrections.decline')}
                  </Button>
                </Space>
              }
            >
              {c.employee ? <Link to={`/employees/${encodeURIComponent(c.employee.id)}`}>{c.employee.name}</Link> : '—'}
            </List.Item>
          ))}
        </List>
      )}
    </Loadable>
  );
}
