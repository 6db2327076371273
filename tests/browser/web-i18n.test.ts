import { describe, expect, it } from 'vitest';
import { zhCN, type MessageKey } from '../../miniapp/web/src/i18n/zh-CN.js';
import { en } from '../../miniapp/web/src/i18n/en.js';
import { format, makeI18n } from '../../miniapp/web/src/i18n/i18n.js';
import { REASON_CODES } from '../../core/access/decision.js';
import { DEFAULT_FIELDS, DEFAULT_PURPOSES } from '../../core/records/default-catalog.js';
import { SEPARATION_REASONS } from '../../core/records/employee.js';

const keys = Object.keys(zhCN) as MessageKey[];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the mini-app catalogs', () => {
  it('have the same keys in zh-CN and en, none empty', () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    for (const k of keys) {
      expect(zhCN[k].trim(), k).not.toBe('');
      expect(en[k].trim(), k).not.toBe('');
    }
  });

  it('use the same placeholders in both languages, so every key renders fully with its parameters', () => {
    const both = [makeI18n('zh-CN', 'Asia/Shanghai'), makeI18n('en', 'Asia/Shanghai')];
    for (const k of keys) {
      expect(placeholders(en[k]), k).toEqual(placeholders(zhCN[k]));
      const params = Object.fromEntries(placeholders(zhCN[k]).map((p) => [p, 'X']));
      for (const i18n of both) expect(i18n.t(k, params), `${i18n.locale} ${k}`).not.toMatch(/\{\w+\}/);
    }
  });

  it('explain every reason code the policy returns, and name every default purpose and field', () => {
    for (const r of REASON_CODES) expect(keys).toContain(`reason.${r}`);
    for (const p of DEFAULT_PURPOSES) expect(keys).toContain(`purpose.${p.code}`);
    for (const f of DEFAULT_FIELDS) expect(keys).toContain(`fieldKey.${f.key}`);
    for (const r of SEPARATION_REASONS) expect(keys).toContain(`separationReason.${r}`);
  });

  it('leaves a placeholder without a parameter visible instead of dropping it', () => {
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('formats dates in the configured time zone, not the machine’s', () => {
    const at = '2026-03-01T23:30:00Z';
    expect(makeI18n('en', 'Asia/Shanghai').date(at)).toBe('Mar 2, 2026');
    expect(makeI18n('en', 'America/New_York').date(at)).toBe('Mar 1, 2026');
    expect(makeI18n('zh-CN', 'Asia/Shanghai').dateTime(at)).toContain('2026年3月2日');
    expect(makeI18n('en', 'Asia/Shanghai').date(null)).toBe('—');
    // A calendar day is the same day in every zone.
    expect(makeI18n('en', 'America/New_York').day('2026-05-29')).toBe('May 29, 2026');
    expect(makeI18n('en', 'Asia/Tokyo').day('2026-05-29')).toBe('May 29, 2026');
  });
});
