import { useState } from 'react';
import { Button, List, Tag } from 'antd-mobile';
import { api, ApiError } from '../api/client.js';
import type { AuditStatus } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../components/use-api.js';
import { Loadable } from '../components/page-state.js';

interface VerifyResult {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBadSeq?: number | null;
  readonly kind?: string | null;
}

/**
 * The hash chain: its head, the last signed checkpoint (with the key that verifies it outside
 * the app), and a verify-now button that walks the whole chain on the server.
 */
export function ChainStatus() {
  const i18n = useI18n();
  const { t } = i18n;
  const status = useApi(() => api.get<AuditStatus>('/api/audit/status'), []);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VerifyResult | { error: string } | null>(null);
  const verify = async () => {
    setBusy(true);
    try {
      setResult(await api.post<VerifyResult>('/api/audit/verify'));
      status.reload();
    } catch (e) {
      setResult({ error: e instanceof ApiError ? e.code : t('error.generic') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Loadable state={status}>
      {(s) => (
        <List header={<h2 className="bd-section-title">{t('audit.chain')}</h2>} mode="card">
          <List.Item extra={s.headSeq}>{t('audit.entries')}</List.Item>
          <List.Item extra={s.lastCheckpoint ? `#${s.lastCheckpoint.seq} · ${i18n.dateTime(s.lastCheckpoint.time)}` : t('audit.noCheckpoint')}>
            {t('audit.lastCheckpoint')}
          </List.Item>
          {s.publicKey && (
            <List.Item description={<code className="bd-hash">{s.publicKey}</code>}>{t('audit.publicKey')}</List.Item>
          )}
          <List.Item
            extra={
              result && !('error' in result) ? (
                <Tag color={result.ok ? 'success' : 'danger'}>{result.ok ? t('audit.chainIntact') : t('audit.chainBroken', { seq: result.firstBadSeq ?? '?' })}</Tag>
              ) : undefined
            }
          >
            <Button size="small" color="primary" loading={busy} onClick={() => void verify()}>
              {t('audit.verifyNow')}
            </Button>
            {result && (
              <span role="status" className="bd-verify-result">
                {'error' in result
                  ? result.error
                  : result.ok
                    ? t('audit.verifiedOk', { n: result.checked })
                    : t('audit.verifiedBad', { seq: result.firstBadSeq ?? '?', kind: result.kind ?? '' })}
              </span>
            )}
          </List.Item>
        </List>
      )}
    </Loadable>
  );
}
