import { Button, List, Tag, Toast } from 'antd-mobile';
import { api, ApiError } from '../api/client.js';
import type { Handover, Localized } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';
import { Link } from '../router.js';

interface RosterPerson {
  readonly id: string;
  readonly name: string;
  readonly title?: string;
  readonly status?: string;
  readonly department?: { readonly path: string } | string;
  /** The fields the catalog grants a department head, as the server sent them. */
  readonly fields?: readonly { key: string; label?: Localized; value?: string | null }[] | Record<string, string | null>;
}

/** The department head's view: the subtree's people (granted fields only) and handovers to confirm. */
export function TeamPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const roster = useApi(() => api.get<{ employees: RosterPerson[] }>('/api/dept/roster'), []);
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

  const fieldsOf = (p: RosterPerson): { key: string; label: string; value: string }[] => {
    if (!p.fields) return [];
    if (Array.isArray(p.fields))
      return p.fields.map((f) => ({ key: f.key, label: f.label ? i18n.pick(f.label) : f.key, value: f.value ?? '—' }));
    return Object.entries(p.fields).map(([key, value]) => ({ key, label: i18n.tOr(`fieldKey.${key}`, key), value: value ?? '—' }));
  };

  return (
    <Page title={t('team.title')}>
      <Loadable state={handovers}>
        {({ handovers: list }) => (
          <List header={<h2 className="bd-section-title">{t('team.handovers')}</h2>} mode="card">
            {list.length === 0 && <List.Item>{t('team.noHandovers')}</List.Item>}
            {list.map((h) => (
              <List.Item
                key={h.id}
                description={t('offboarding.lastDay', { date: i18n.date(h.lastDay) })}
                extra={
                  <Button size="mini" color="primary" onClick={() => void confirm(h)}>
                    {t('team.confirmHandover')}
                  </Button>
                }
              >
                {h.employee.name}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
      <Loadable state={roster}>
        {({ employees }) => (
          <List header={<h2 className="bd-section-title">{t('team.roster')}</h2>} mode="card">
            {employees.map((p) => (
              <List.Item
                key={p.id}
                description={
                  <dl className="bd-dl">
                    {fieldsOf(p).map((f) => (
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
