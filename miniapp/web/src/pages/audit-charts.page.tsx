import { useMemo } from 'react';
import { List } from 'antd-mobile';
import { api } from '../api/client.js';
import type { AuditStats, BreakGlassReview } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../components/use-api.js';
import { Loadable, Page } from '../components/page-state.js';
import { Chart, type ChartOption } from '../charts/chart.js';
import { ReviewList } from './queue.page.js';

/** The auditor's overview: reveals by purpose, refusals per week, break-glass reviews pending. */
export function AuditChartsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const stats = useApi(() => api.get<AuditStats>('/api/audit/stats', { weeks: 12 }), []);
  const reviews = useApi(() => api.get<{ reviews: BreakGlassReview[] }>('/api/reviews', { status: 'open' }), []);
  return (
    <Page title={t('charts.title')}>
      <Loadable state={stats}>{(s) => <StatsCharts stats={s} />}</Loadable>
      <Loadable state={reviews}>{({ reviews: list }) => <ReviewList reviews={list} />}</Loadable>
    </Page>
  );
}

function StatsCharts(props: { stats: AuditStats }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { revealsByPurpose, refusedPerWeek, breakGlassPendingReviews } = props.stats;
  const purpose = (code: string) => i18n.tOr(`purpose.${code}`, code);
  const byPurpose = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: revealsByPurpose.map((r) => purpose(r.purpose)) },
      series: [{ type: 'bar', data: revealsByPurpose.map((r) => r.count), itemStyle: { color: '#1677ff' } }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [revealsByPurpose, i18n.locale],
  );
  const perWeek = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: refusedPerWeek.map((w) => w.week) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', data: refusedPerWeek.map((w) => w.count), itemStyle: { color: '#ff3141' }, areaStyle: { opacity: 0.1 } }],
    }),
    [refusedPerWeek],
  );
  return (
    <>
      <List mode="card">
        <List.Item extra={<strong className={breakGlassPendingReviews > 0 ? 'bd-differs' : undefined}>{breakGlassPendingReviews}</strong>}>
          {t('charts.breakGlassPending')}
        </List.Item>
      </List>
      <section className="bd-card" aria-labelledby="bd-chart-purpose">
        <h2 id="bd-chart-purpose">{t('charts.revealsByPurpose')}</h2>
        <Chart option={byPurpose} label={t('charts.revealsByPurpose')} />
        <DataTable caption={t('charts.revealsByPurpose')} rows={revealsByPurpose.map((r) => [purpose(r.purpose), r.count])} head={[t('audit.purpose'), t('charts.count')]} />
      </section>
      <section className="bd-card" aria-labelledby="bd-chart-refused">
        <h2 id="bd-chart-refused">{t('charts.refusedPerWeek')}</h2>
        <Chart option={perWeek} label={t('charts.refusedPerWeek')} />
        <DataTable caption={t('charts.refusedPerWeek')} rows={refusedPerWeek.map((w) => [w.week, w.count])} head={[t('charts.week'), t('charts.count')]} />
      </section>
    </>
  );
}

function DataTable(props: { caption: string; head: [string, string]; rows: (string | number)[][] }) {
  return (
    <details className="bd-data">
      <summary>{props.caption}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{props.head[0]}</th>
            <th scope="col">{props.head[1]}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr key={i}>
              <td>{r[0]}</td>
              <td>{r[1]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
