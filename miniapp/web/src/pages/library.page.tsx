import { useState } from 'react';
import { Button, List, SearchBar, Tag } from 'antd-mobile';
import { api } from '../api/client.js';
import type { FormerEmployee } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useSignedIn } from '../session/session.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';
import { Link } from '../router.js';

interface LibraryResponse {
  readonly employees: readonly FormerEmployee[];
  readonly next: string | null;
}

const DAY = 86_400_000;

/** Whole days until `iso` (negative once due); the purge job does the deleting, not this page. */
export const daysUntil = (iso: string, now: number): number => Math.ceil((Date.parse(iso) - now) / DAY);

/** Former employees: what is still kept, and for how long, field by field. */
export function LibraryPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { config } = useSignedIn();
  const [q, setQ] = useState('');
  const [more, setMore] = useState<FormerEmployee[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const state = useApi(() => api.get<LibraryResponse>('/api/former-employees', { q, limit: 30 }), [q]);
  const label = (key: string) => {
    const f = config.fields.find((x) => x.key === key);
    return f ? i18n.pick(f.label) : key;
  };
  const now = Date.now();

  return (
    <Page title={t('library.title')}>
      <SearchBar
        placeholder={t('library.placeholder')}
        aria-label={t('library.search')}
        onSearch={(v) => {
          setMore([]);
          setNext(undefined);
          setQ(v.trim());
        }}
      />
      <Loadable state={state}>
        {(page) => {
          const list = [...page.employees, ...more];
          const cursor = next === undefined ? page.next : next;
          return (
            <>
              {list.length === 0 && <p className="bd-empty">{t('library.none')}</p>}
              {list.map((e) => (
                <List
                  key={e.id}
                  mode="card"
                  header={
                    <div className="bd-library-head">
                      <h2 className="bd-section-title">
                        <Link to={`/employees/${encodeURIComponent(e.id)}`}>{e.name}</Link>
                      </h2>
                      <span className="bd-muted">
                        {e.department ?? '—'} ·{' '}
                        {t('library.departed', { date: i18n.date(e.departedAt) })}
                      </span>
                      {e.legalHold && <Tag color="danger">{t('employee.legalHold')}</Tag>}
                      {e.anonymised && <Tag>{t('library.anonymised')}</Tag>}
                    </div>
                  }
                >
                  {e.deadlines.map((d) => {
                    const days = d.deleteAt ? daysUntil(d.deleteAt, now) : null;
                    return (
                      <List.Item
                        key={d.field}
                        extra={
                          e.legalHold ? (
                            <Tag color="danger">{t('library.held')}</Tag>
                          ) : days === null ? (
                            <Tag>{t('library.kept')}</Tag>
                          ) : days <= 0 ? (
                            <Tag color="warning">{t('library.due')}</Tag>
                          ) : (
                            <Tag color={days <= 30 ? 'warning' : 'primary'}>{t('library.daysLeft', { days })}</Tag>
                          )
                        }
                        description={d.deleteAt ? t('library.deleteOn', { date: i18n.date(d.deleteAt) }) : undefined}
                      >
                        {label(d.field)}
                      </List.Item>
                    );
                  })}
                </List>
              ))}
              {cursor && (
                <Button
                  block
                  onClick={() =>
                    void api.get<LibraryResponse>('/api/former-employees', { q, after: cursor, limit: 30 }).then((p) => {
                      setMore((m) => [...m, ...p.employees]);
                      setNext(p.next);
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
