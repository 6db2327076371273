import { describe, expect, it } from 'vitest';
import { en } from '../../bot/i18n/en.js';
import { zhCN } from '../../bot/i18n/zh-CN.js';
import { localizedParam } from '../../core/messaging/notification.js';
import { MESSAGE_KEYS, MissingParamError, placeholders, translate, unmappedErrorCodes } from '../../bot/i18n/translator.js';

describe('bot catalogs', () => {
  it('renders every key in zh-CN and en with all its placeholders filled', () => {
    for (const key of MESSAGE_KEYS) {
      const names = placeholders(zhCN[key]);
      expect(new Set(placeholders(en[key])), key).toEqual(new Set(names));
      const params = Object.fromEntries(names.map((n) => [n, `<${n}>`]));
      for (const locale of ['zh-CN', 'en'] as const) {
        const text = translate(locale, key, params);
        expect(text.trim().length, `${locale} ${key}`).toBeGreaterThan(0);
        expect(text, `${locale} ${key}`).not.toMatch(/\{\w+\}/);
        for (const n of names) expect(text).toContain(`<${n}>`);
      }
    }
  });

  it('has the same keys in both catalogs, and English text in the English one', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    const untranslated = MESSAGE_KEYS.filter((k) => /[\u4e00-\u9fff]/.test(en[k]) && !k.startsWith('language.button') && k !== 'help.body');
    expect(untranslated).toEqual([]);
  });

  it('treats a missing parameter as a bug instead of showing "{name}" to a person', () => {
    expect(() => translate('en', 'profile.body', { name: 'x' })).toThrow(MissingParamError);
  });

  it('prefers a parameter given in the reader’s language (a field label) over its plain form (the key)', () => {
    const params = localizedParam('field', 'personal_phone', { 'zh-CN': '个人手机', en: 'Personal phone' });
    expect(translate('zh-CN', 'correction.applied.body', params)).toContain('个人手机');
    expect(translate('en', 'correction.applied.body', params)).toContain('Personal phone');
    expect(translate('en', 'correction.applied.body', params)).not.toContain('personal_phone');
    // Rows queued before labels were added still render, with the key.
    expect(translate('en', 'correction.applied.body', { field: 'personal_phone' })).toContain('personal_phone');
  });

  it('maps every domain error code to a specific message', () => {
    expect(unmappedErrorCodes()).toEqual([]);
  });
});
