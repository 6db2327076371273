import type { FieldValue } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';

/** A field's value: text, or the list of emergency contacts. */
export function FieldValueView(props: { value: FieldValue | undefined }) {
  const { t } = useI18n();
  const v = props.value;
  if (v === undefined || v === null || v === '') return <span className="bd-muted">{t('field.empty')}</span>;
  if (typeof v === 'string') return <span className="bd-value">{v}</span>;
  return (
    <ul className="bd-contacts">
      {v.map((c, i) => (
        <li key={i} className="bd-value">
          {c.name}（{c.relation}）{c.phone}
        </li>
      ))}
    </ul>
  );
}
