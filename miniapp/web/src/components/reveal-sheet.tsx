import { useState } from 'react';
import { Button, Input, NoticeBar, Popup, Radio, Space, TextArea } from 'antd-mobile';
import { ApiError, request } from '../api/client.js';
import type { PurposeOption, RevealGranted, RevealPending } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { clientDeadline } from './use-countdown.js';
import type { ShownReveal } from './revealed-panel.js';

export interface RevealTarget {
  readonly employeeId: string;
  readonly employeeName: string;
  readonly fields: readonly { key: string; label: string }[];
}

type Outcome =
  | { readonly kind: 'idle' }
  | { readonly kind: 'refused'; readonly code: string; readonly reason: string | undefined }
  | { readonly kind: 'pending'; readonly approvalId: string };

/**
 * Reveal asks for a purpose and a justification (and a reference where the purpose needs one).
 * Every purpose is offered, the never-valid one too: picking it is refused by the server with
 * its reason, and the refusal is logged — the page explains, it does not pre-judge.
 */
export function RevealSheet(props: {
  target: RevealTarget | null;
  purposes: readonly PurposeOption[];
  onClose(): void;
  onRevealed(shown: ShownReveal): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [purpose, setPurpose] = useState<string | null>(null);
  const [justification, setJustification] = useState('');
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const chosen = props.purposes.find((p) => p.code === purpose);
  const offered = props.purposes.filter((p) => p.code !== 'subject_request');

  const reset = () => {
    setPurpose(null);
    setJustification('');
    setReference('');
    setOutcome({ kind: 'idle' });
  };
  const close = () => {
    reset();
    props.onClose();
  };

  const submit = async () => {
    if (!props.target || !purpose) return;
    setBusy(true);
    setOutcome({ kind: 'idle' });
    try {
      const res = await request<RevealGranted | RevealPending>('POST', `/api/employees/${encodeURIComponent(props.target.employeeId)}/reveal`, {
        body: {
          fields: props.target.fields.map((f) => f.key),
          purpose,
          justification: justification.trim(),
          ...(chosen?.requiresReference ? { reference: reference.trim() } : {}),
        },
      });
      if (res.status === 202 || 'approvalId' in res.data) {
        setOutcome({ kind: 'pending', approvalId: (res.data as RevealPending).approvalId });
        return;
      }
      const grant = res.data as RevealGranted;
      reset();
      props.onRevealed({ grant, deadline: clientDeadline(grant.expiresAt, res.serverTime) });
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) setOutcome({ kind: 'refused', code: e.code, reason: e.reason });
      else setOutcome({ kind: 'refused', code: e instanceof ApiError ? e.code : 'NETWORK', reason: undefined });
    } finally {
      setBusy(false);
    }
  };

  const fieldNames = props.target?.fields.map((f) => f.label).join('、') ?? '';
  return (
    <Popup visible={props.target !== null} onMaskClick={close} bodyClassName="bd-sheet" destroyOnClose>
      <div role="dialog" aria-modal="true" aria-labelledby="bd-reveal-title">
        <h2 id="bd-reveal-title">{t('reveal.title', { field: fieldNames, name: props.target?.employeeName ?? '' })}</h2>
        <p className="bd-muted">{t('reveal.intro')}</p>
        <fieldset className="bd-fieldset">
          <legend>{t('reveal.purpose')}</legend>
          <Radio.Group value={purpose} onChange={(v) => setPurpose(String(v))}>
            <Space direction="vertical" block>
              {offered.map((p) => (
                <Radio key={p.code} value={p.code} block>
                  <span className="bd-purpose-label">{i18n.pick(p.label)}</span>
                  {p.description && <span className="bd-purpose-desc">{i18n.pick(p.description)}</span>}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </fieldset>
        <label className="bd-label">
          <span>{t('reveal.justification')}</span>
          <TextArea value={justification} onChange={setJustification} rows={3} maxLength={500} showCount placeholder={t('reveal.justificationHint')} />
        </label>
        {chosen?.requiresReference && (
          <label className="bd-label">
            <span>{t('reveal.reference')}</span>
            <Input value={reference} onChange={setReference} placeholder={t('reveal.referenceHint')} />
          </label>
        )}
        {outcome.kind === 'refused' && (
          <div role="alert" className="bd-refusal">
            <NoticeBar
              color="error"
              wrap
              content={
                <>
                  <strong>{t('reveal.refused')}</strong> {refusalText(i18n, outcome.code, outcome.reason)}
                </>
              }
            />
          </div>
        )}
        {outcome.kind === 'pending' && (
          <div role="status">
            <NoticeBar color="info" wrap content={t('reveal.needsSecondApprover', { id: outcome.approvalId })} />
          </div>
        )}
        <Space block justify="between" className="bd-sheet-actions">
          <Button onClick={close}>{t('common.close')}</Button>
          <Button color="primary" loading={busy} disabled={!purpose || justification.trim() === '' || busy} onClick={() => void submit()}>
            {t('reveal.submit')}
          </Button>
        </Space>
      </div>
    </Popup>
  );
}

/** The refusal in words: the policy's reason code if given, else the error code. */
export function refusalText(i18n: ReturnType<typeof useI18n>, code: string, reason: string | undefined): string {
  if (reason) return i18n.tOr(`reason.${reason}`, reason);
  return i18n.tOr(`error.code.${code}`, code);
}
