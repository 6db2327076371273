import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { zhCN, type MessageKey } from './zh-CN.js';
import { en } from './en.js';
import type { Locale, Localized } from '../api/types.js';

export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
export const LOCALE_STORAGE_KEY = 'bd_locale';

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; a missing parameter stays visible rather than vanishing. */
export function format(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export interface I18n {
  readonly locale: Locale;
  readonly timezone: string;
  t(key: MessageKey, params?: Params): string;
  /** Looks a key up only if the catalog has it (reason codes, statuses from the server). */
  tOr(key: string, fallback: string, params?: Params): string;
  pick(text: Localized | string | undefined | null): string;
  dateTime(iso: string | number | Date | null | undefined): string;
  date(iso: string | number | Date | null | undefined): string;
  /** A calendar day (`2026-05-29`): no time zone shift, it is the same day everywhere. */
  day(isoDay: string | null | undefined): string;
}

export function makeI18n(locale: Locale, timezone: string): I18n {
  const catalog = CATALOGS[locale];
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { timeZone: timezone, dateStyle: 'medium', timeStyle: 'short' });
  const dateFmt = new Intl.DateTimeFormat(locale, { timeZone: timezone, dateStyle: 'medium' });
  const dayFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' });
  const toDate = (v: string | number | Date) => (v instanceof Date ? v : new Date(v));
  const show = (fmt: Intl.DateTimeFormat, v: string | number | Date | null | undefined) => {
    if (v === null || v === undefined || v === '') return '—';
    const d = toDate(v);
    return Number.isNaN(d.getTime()) ? String(v) : fmt.format(d);
  };
  return {
    locale,
    timezone,
    t: (key, params) => format(catalog[key], params),
    tOr: (key, fallback, params) =>
      format(key in catalog ? catalog[key as MessageKey] : fallback, params),
    pick: (text) => (text === undefined || text === null ? '' : typeof text === 'string' ? text : text[locale] || text['zh-CN']),
    dateTime: (v) => show(dateTimeFmt, v),
    date: (v) => show(dateFmt, v),
    day: (v) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? show(dayFmt, `${v}T00:00:00Z`) : show(dateFmt, v)),
  };
}

const I18nContext = createContext<I18n>(makeI18n('zh-CN', 'Asia/Shanghai'));

export function I18nProvider(props: { locale: Locale; timezone: string; children: ReactNode }) {
  const value = useMemo(() => makeI18n(props.locale, props.timezone), [props.locale, props.timezone]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export const useI18n = (): I18n => useContext(I18nContext);

export function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(LOCALE_STORAGE_KEY);
    return v === 'zh-CN' || v === 'en' ? v : null;
  } catch {
    return null;
  }
}
