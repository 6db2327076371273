import type { FieldValue } from '../api/types.js';
import { useI18n, type I18n } from '../i18n/i18n.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Record values that are codes or days, in words of the reader's language. */
export function displayValue(i18n: I18n, key: string | undefined, v: string): string {
  if (key === 'status') return i18n.tOr(`status.${v}`, v);
  if (key === 'handover_status') return i18n.tOr(`handover.${v}`, v);
  if (key === 'reason_category') return i18n.tOr(`separationReason.${v}`, v);
  // Imported rosters may carry their own wording: a known code is translated, anything else shown as is.
  if (key === 'contract_type') return i18n.tOr(`contractType.${v}`, v);
  if (key === 'relay_opt_in') return v === 'true' ? i18n.t('common.yes') : v === 'false' ? i18n.t('common.no') : v;
  if (DAY.test(v)) return i18n.day(v);
  return v;
}

/** A field's value: text, or the list of emergency contacts (also in their masked form). */
export function FieldValueView(props: { value: FieldValue | undefined | null; field?: string; masked?: boolean }) {
  const i18n = useI18n();
  const v = props.value;
  const cls = props.masked ? 'bd-masked' : 'bd-value';
  if (v === undefined || v === null || v === '') return <span className="bd-muted">{i18n.t('field.empty')}</span>;
  if (typeof v === 'string') return <span className={cls}>{props.masked ? v : displayValue(i18n, props.field, v)}</span>;
  return (
    <ul className="bd-contacts">
      {v.map((c, i) => (
        <li key={i} className={cls}>
          {c.name}（{c.relation}）{c.phone}
        </li>
      ))}
    </ul>
  );
}
