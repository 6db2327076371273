import { useI18n } from '../i18n/i18n.js';
import { useLocaleSetter } from './locale-context.js';

/** Shows the other language's own name, so a reader of either language can find it. */
export function LocaleSwitch() {
  const { locale } = useI18n();
  const setLocale = useLocaleSetter();
  const next = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button type="button" className="bd-link-button" lang={next} onClick={() => setLocale(next)}>
      {next === 'en' ? 'English' : '中文'}
    </button>
  );
}
