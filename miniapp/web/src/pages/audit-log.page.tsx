import { useState, type FormEvent } from 'react';
import { Button, Input, Space, Tag } from 'antd-mobile';
import { Item, ItemList } from '../components/item-list.js';
import { api, withQuery, type Query } from '../api/client.js';
import type { AuditEntry } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useSignedIn } from '../session/session.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';
import { ChainStatus } from './chain-status.js';

interface EntriesResponse {
  readonly entries: readonly AuditEntry[];
  readonly nextBefore: number | string | null;
}

const OUTCOMES = ['allowed', 'denied', 'pending', 'recorded'] as const;
const CHANNELS = ['bot', 'miniapp', 'api', 'cli', 'system'] as const;
const ACTIONS = ['reveal', 'view', 'export', 'break_glass.start', 'break_glass.stop', 'approval', 'contact_request', 'consent', 'offboarding', 'purge', 'catalog.edit', 'roles.edit', 'correction', 'import', 'key_rotation', 'security'] as const;
const TEXT_FILTERS = ['keyword', 'actorId', 'subjectId'] as const;
const SELECT_FILTERS = ['purpose', 'outcome', 'field', 'channel', 'action'] as const;
type FilterKey = (typeof TEXT_FILTERS)[number] | (typeof SELECT_FILTERS)[number] | 'from' | 'to';
type Filters = Partial<Record<FilterKey, string>>;

/** Dates typed as local days in the configured zone are sent as the UTC instants they start at. */
function dayStart(day: string, timezone: string): string {
  const guess = new Date(`${day}T00:00:00Z`);
  const inZone = new Date(guess.toLocaleString('en-US', { timeZone: timezone }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (inZone.getTime() - utc.getTime())).toISOString();
}

export function toQuery(f: Filters, timezone: string): Query {
  const q: Query = {};
  for (const [k, v] of Object.entries(f)) {
    if (!v) continue;
    if (k === 'from') q.from = dayStart(v, timezone);
    else if (k === 'to') q.to = new Date(Date.parse(dayStart(v, timezone)) + 86_400_000).toISOString();
    else q[k] = v;
  }
  return q;
}

/** The access log: every filter of the API, the chain's state, and export of what is filtered. */
export function AuditLogPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { config, has } = useSignedIn();
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [before, setBefore] = useState<number | string | null | undefined>(undefined);
  const query = toQuery(filters, config.timezone);
  const first = useApi(() => api.get<EntriesResponse>('/api/audit/entries', { ...query, limit: 50 }), [JSON.stringify(query)]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOlder([]);
    setBefore(undefined);
    setFilters(draft);
  };
  const set = (k: FilterKey, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const options: Record<(typeof SELECT_FILTERS)[number], { value: string; label: string }[]> = {
    purpose: config.purposes.map((p) => ({ value: p.code, label: i18n.pick(p.label) })),
    outcome: OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) })),
    field: config.fields.map((f) => ({ value: f.key, label: i18n.pick(f.label) })),
    channel: CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) })),
    action: ACTIONS.map((a) => ({ value: a, label: t(`action.${a}`) })),
  };

  return (
    <Page title={t('audit.title')}>
      {has('auditor') && <ChainStatus />}
      <form className="bd-filters" onSubmit={submit} aria-label={t('audit.filters')}>
        {TEXT_FILTERS.map((k) => (
          <label key={k} className="bd-label">
            <span>{t(`audit.filter.${k}`)}</span>
            <Input value={draft[k] ?? ''} onChange={(v) => set(k, v)} clearable />
          </label>
        ))}
        {SELECT_FILTERS.map((k) => (
          <label key={k} className="bd-label">
            <span>{t(`audit.filter.${k}`)}</span>
            <select className="bd-select" value={draft[k] ?? ''} onChange={(e) => set(k, e.target.value)}>
              <option value="">{t('audit.any')}</option>
              {options[k].map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        ))}
        {(['from', 'to'] as const).map((k) => (
          <label key={k} className="bd-label">
            <span>{t(`audit.filter.${k}`)}</span>
            <input className="bd-select" type="date" value={draft[k] ?? ''} onChange={(e) => set(k, e.target.value)} />
          </label>
        ))}
        <Space wrap className="bd-filter-actions">
          <Button type="submit" color="primary">
            {t('audit.search')}
          </Button>
          {has('auditor') && (
            <>
              <a className="adm-button adm-button-default adm-button-shape-default" href={withQuery('/api/audit/export', { ...query, format: 'csv' })} download>
                {t('audit.exportCsv')}
              </a>
              <a className="adm-button adm-button-default adm-button-shape-default" href={withQuery('/api/audit/export', { ...query, format: 'jsonl' })} download>
                {t('audit.exportJsonl')}
              </a>
            </>
          )}
        </Space>
      </form>
      <Loadable state={first}>
        {(page) => {
          const list = [...page.entries, ...older];
          const cursor = before === undefined ? page.nextBefore : before;
          return (
            <>
              {list.length === 0 && <p className="bd-empty">{t('audit.none')}</p>}
              {list.length > 0 && (
                <ItemList label={t('audit.results')}>
                  {list.map((e) => (
                    <EntryItem key={e.seq} entry={e} />
                  ))}
                </ItemList>
              )}
              {cursor !== null && cursor !== undefined && (
                <Button
                  block
                  onClick={() =>
                    void api.get<EntriesResponse>('/api/audit/entries', { ...query, before: cursor, limit: 50 }).then((p) => {
                      setOlder((o) => [...o, ...p.entries]);
                      setBefore(p.nextBefore);
                    })
                  }
                >
                  {t('common.more')}
                </Button>
              )}
            </>
          );
        }}
      </Loadable>
    </Page>
  );
}

function EntryItem(props: { entry: AuditEntry }) {
  const i18n = useI18n();
  const { t } = i18n;
  const e = props.entry;
  const fieldLabel = (k: string) => i18n.tOr(`fieldKey.${k}`, k);
  return (
    <Item
      description={
        <>
          <div>
            {i18n.dateTime(e.at)} · {t(`channelShort`, { channel: i18n.tOr(`channel.${e.channel}`, e.channel) })} · #{e.seq}
          </div>
          {e.purpose && (
            <div>
              {t('audit.purpose')}: {i18n.tOr(`purpose.${e.purpose}`, e.purpose)}
            </div>
          )}
          {e.justification && <div className="bd-quote">“{e.justification}”</div>}
          <div>
            {t('audit.reason')}: {i18n.tOr(`reason.${e.reasonCode}`, e.reasonCode)}
          </div>
          <div className="bd-hash" title={e.hash}>
            {e.hash.slice(0, 16)}…
          </div>
        </>
      }
      extra={<Tag color={e.outcome === 'allowed' ? 'success' : e.outcome === 'denied' ? 'danger' : 'default'}>{i18n.tOr(`outcome.${e.outcome}`, e.outcome)}</Tag>}
    >
      {e.actorName ?? e.actorId ?? t('audit.system')} ({i18n.tOr(`role.${e.actorRole ?? ''}`, e.actorRole ?? '—')}) · {i18n.tOr(`action.${e.action}`, e.action)}
      {e.subjectId && ` → ${e.subjectName ?? e.subjectId}`}
      {e.fields.length > 0 && ` · ${e.fields.map(fieldLabel).join(', ')}`}
    </Item>
  );
}
