import { useState } from 'react';
import { Button, List, SearchBar, Selector, Tag } from 'antd-mobile';
import { api } from '../api/client.js';
import type { EmployeeStatus, EmployeeSummary } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';
import { Link, useRouter } from '../router.js';

interface SearchResponse {
  readonly employees: readonly EmployeeSummary[];
  readonly next: string | null;
}

const STATUSES: readonly EmployeeStatus[] = ['active', 'pending_departure', 'departed'];

/** HR's archive: search everyone (active and former) by name, number or department. */
export function ArchivePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { location, navigate } = useRouter();
  const q = location.query.get('q') ?? '';
  const status = location.query.get('status') ?? '';
  const [text, setText] = useState(q);
  const [more, setMore] = useState<EmployeeSummary[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);

  const first = useApi(() => api.get<SearchResponse>('/api/employees', { q, status, limit: 30 }), [q, status]);
  const go = (query: string, st: string) => {
    setMore([]);
    setNext(undefined);
    const params = new URLSearchParams();
    if (query) params.set('q', query);
    if (st) params.set('status', st);
    navigate(`/archive${params.toString() ? `?${params}` : ''}`, { replace: true });
  };
  const loadMore = async (after: string) => {
    const page = await api.get<SearchResponse>('/api/employees', { q, status, after, limit: 30 });
    setMore((m) => [...m, ...page.employees]);
    setNext(page.next);
  };

  return (
    <Page title={t('archive.title')}>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go(text.trim(), status);
        }}
      >
        <SearchBar
          value={text}
          onChange={setText}
          onSearch={(v) => go(v.trim(), status)}
          placeholder={t('archive.placeholder')}
          aria-label={t('archive.search')}
        />
        <Selector
          className="bd-filter"
          options={STATUSES.map((s) => ({ label: t(`status.${s}`), value: s }))}
          value={status ? [status] : []}
          onChange={(v) => go(text.trim(), v[0] ?? '')}
        />
      </form>
      <Loadable state={first}>
        {(page) => {
          const list = [...page.employees, ...more];
          const cursor = next === undefined ? page.next : next;
          return (
            <>
              {list.length === 0 ? (
                <p className="bd-empty">{t('archive.none')}</p>
              ) : (
                <List mode="card" aria-label={t('archive.results')}>
                  {list.map((e) => (
                    <List.Item
                      key={e.id}
                      description={`${e.employeeNo} · ${e.department?.path ?? '—'} · ${e.title}`}
                      extra={<Tag color={e.status === 'departed' ? 'default' : 'success'}>{t(`status.${e.status}`)}</Tag>}
                    >
                      <Link to={`/employees/${encodeURIComponent(e.id)}`}>{e.name}</Link>
                    </List.Item>
                  ))}
                </List>
              )}
              {cursor && (
                <Button block onClick={() => void loadMore(cursor)}>
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
