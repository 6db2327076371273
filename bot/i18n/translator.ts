import type { Locale } from '../../core/messaging/notification.js';
import { ERROR_CODES, type ErrorCode } from '../../core/shared/domain-error.js';
import { en } from './en.js';
import { zhCN, type MessageKey } from './zh-CN.js';

export type { MessageKey };
export type Params = Readonly<Record<string, string | number | boolean | null>>;

const CATALOGS: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export const MESSAGE_KEYS = Object.keys(zhCN) as MessageKey[];

export const isMessageKey = (s: string): s is MessageKey => Object.prototype.hasOwnProperty.call(zhCN, s);

export class MissingParamError extends Error {
  constructor(key: string, param: string) {
    super(`message ${key} needs {${param}}`);
    this.name = 'MissingParamError';
  }
}

/** Placeholder names used by a template, e.g. ['name', 'miniappUrl']. */
export const placeholders = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/**
 * Renders a key; a missing parameter is a bug (it would show "{name}" to a person). A parameter
 * given per language (`name.zh-CN`, `name.en`: core's localizedParam) wins over the plain one.
 */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = CATALOGS[locale][key];
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = params[`${name}.${locale}`] ?? params[name];
    if (v === undefined) throw new MissingParamError(key, name);
    return v === null ? CATALOGS[locale]['common.none'] : String(v);
  });
}

/** Each domain error code's chat message; a new code fails to compile until it is mapped here. */
const ERROR_AREA: Record<string, MessageKey> = {
  RECORD: 'error.record',
  ACCESS: 'error.access',
  CRYPTO: 'error.crypto',
  CONTACT: 'error.contact',
  OFFBOARDING: 'error.offboarding',
  CONSENT: 'error.consent',
  INPUT: 'error.input',
};

export function errorMessageKey(code: ErrorCode): MessageKey {
  return ERROR_AREA[code.split('.')[0]!] ?? 'common.error';
}

/** Every code maps to something other than the generic error (checked by a test). */
export const unmappedErrorCodes = (): ErrorCode[] => ERROR_CODES.filter((c) => !(c.split('.')[0]! in ERROR_AREA));
