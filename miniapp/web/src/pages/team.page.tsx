import { Button, List, Tag, Toast } from 'antd-mobile';
import { api, ApiError } from '../api/client.js';
import type { Handover } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';
import { Link } from '../router.js';
import { displayValue } from '../components/field-value.js';

/** Roster properties by the catalog field that grants them to a department head. */
const GRANTED = {
  hire_date: 'hireDate',
  contract_type: 'contractType',
  contract_end: 'contractEnd',
  last_day: 'lastDay',
  handover_status: 'handoverStatus',
} as const;
type GrantedKey = keyof typeof GRANTED;

type RosterPerson = {
  readonly id: string;
  readonly name: string;
  readonly title?: string;
  readonly status?: string;
  readonly department?: string | null;
} & { readonly [K in (typeof GRANTED)[GrantedKey]]?: string | null };

interface RosterResponse {
  /** The catalog fields granted to heads; only these appear on the people. */
  readonly fields: readonly string[];
  readonly employees: readonly RosterPerson[];
}

/** The department head's view: the subtree's people (granted fields only) and handovers to confirm. */
export function TeamPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const roster = useApi(() => api.get<RosterResponse>('/api/dept/roster'), []);
  const handovers = useApi(() => api.get<{ handovers: Handover[] }>('/api/dept/handovers'), []);

  const confirm = async (h: Handover) => {
    try {
      await api.post(`/api/offboarding/${encodeURIComponent(h.id)}/checklist/head_confirmation`, { done: true });
      Toast.show({ content: t('team.confirmed') });
      handovers.reload();
    } catch (e) {
      Toast.show({ content: e instanceof ApiError ? i18n.tOr(`error.code.${e.code}`, e.code) : t('error.generic') });
    }
  };

  const fieldsOf = (granted: readonly string[], p: RosterPerson): { key: string; label: string; value: string }[] =>
    granted
      .filter((k): k is GrantedKey => k in GRANTED)
      .map((key) => {
        const raw = p[GRANTED[key]];
        const value = raw ? displayValue(i18n, key, raw) : '—';
        return { key, label: i18n.tOr(`fieldKey.${key}`, key), value };
      });

  return (
    <Page title={t('team.title')}>
      <Loadable state={handovers}>
        {({ handovers: list }) => (
          <List header={<h2 className="bd-section-title">{t('team.handovers')}</h2>} mode="card">
            {list.length === 0 && <List.Item>{t('team.noHandovers')}</List.Item>}
            {list.map((h) => (
              <List.Item
                key={h.id}
                description={t('offboarding.lastDay', { date: i18n.day(h.lastDay) })}
                extra={
                  h.items.some((i) => i.key === 'handover' && i.canConfirm) ? (
                    <Button size="mini" color="primary" onClick={() => void confirm(h)}>
                      {t('team.confirmHandover')}
                    </Button>
                  ) : (
                    <Tag color="default">{t('offboarding.pending')}</Tag>
                  )
                }
              >
                {h.employee.name}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
      <Loadable state={roster}>
        {({ employees, fields }) => (
          <List header={<h2 className="bd-section-title">{t('team.roster')}</h2>} mode="card">
            {employees.map((p) => (
              <List.Item
                key={p.id}
                description={
                  <dl className="bd-dl">
                    {p.department && (
                      <div>
                        <dt>{t('team.department')}</dt>
                        <dd>{p.department}</dd>
                      </div>
                    )}
                    {fieldsOf(fields, p).map((f) => (
                      <div key={f.key}>
                        <dt>{f.label}</dt>
                        <dd>{f.value}</dd>
                      </div>
                    ))}
                  </dl>
                }
                extra={p.status ? <Tag>{i18n.tOr(`status.${p.status}`, p.status)}</Tag> : undefined}
              >
                <Link to={`/employees/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                {p.title ? <span className="bd-muted"> · {p.title}</span> : null}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
    </Page>
  );
}
