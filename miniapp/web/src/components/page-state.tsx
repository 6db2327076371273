import type { ReactNode } from 'react';
import { DotLoading, ErrorBlock } from 'antd-mobile';
import { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import type { Loaded } from './use-api.js';

/** Loading, error (with the server's code, never a stack) or the content. */
export function Loadable<T>(props: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (props.state.kind === 'loading')
    return (
      <div className="bd-center" role="status">
        <DotLoading color="primary" /> {t('common.loading')}
      </div>
    );
  if (props.state.kind === 'error') return <ErrorView error={props.state.error} />;
  return <>{props.children(props.state.data)}</>;
}

export function ErrorView(props: { error: Error }) {
  const i18n = useI18n();
  const e = props.error;
  const code = e instanceof ApiError ? e.code : 'NETWORK';
  const missing = e instanceof ApiError && (e.status === 404 || e.status === 405) && code.startsWith('HTTP.');
  const title = missing
    ? i18n.t('error.unavailable')
    : e instanceof ApiError && e.status === 403
      ? i18n.t('error.forbidden')
      : i18n.t('error.generic');
  return (
    <div role="alert">
      <ErrorBlock status="default" title={title} description={i18n.tOr(`error.code.${code}`, code)} />
    </div>
  );
}

export function Page(props: { title: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <section className="bd-page" aria-labelledby="bd-page-title">
      <div className="bd-page-head">
        <h1 id="bd-page-title">{props.title}</h1>
        {props.extra}
      </div>
      {props.children}
    </section>
  );
}
