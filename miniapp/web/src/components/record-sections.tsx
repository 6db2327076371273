import type { ReactNode } from 'react';
import { List, Tag } from 'antd-mobile';
import type { EmployeeRecord, RecordField } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { FieldValueView } from './field-value.js';

/**
 * A record by section. Masked fields show their mask and, where the caller may open them, a
 * button; `below` lets the page put the revealed values right under their field.
 */
export function RecordSections(props: {
  record: EmployeeRecord;
  revealLabel: string;
  onReveal(field: RecordField): void;
  below?(field: RecordField): ReactNode;
  /** Fields whose value is on screen now: their button steps aside. */
  showing?: ReadonlySet<string>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <>
      {props.record.sections.map((s) => (
        <List key={s.section} header={<h2 className="bd-section-title">{t(`section.${s.section}`)}</h2>} mode="card">
          {s.fields.map((f) => {
            const under = props.below?.(f);
            return (
              <List.Item
                key={f.key}
                title={i18n.pick(f.label)}
                extra={
                  f.state === 'masked' && f.revealable && !props.showing?.has(f.key) ? (
                    <button
                      type="button"
                      className="bd-reveal-button"
                      aria-label={`${props.revealLabel} ${i18n.pick(f.label)}`}
                      onClick={() => props.onReveal(f)}
                    >
                      {props.revealLabel}
                    </button>
                  ) : undefined
                }
              >
                <div data-field={f.key}>
                  {f.state === 'value' && <FieldValueView value={f.value} field={f.key} />}
                  {f.state === 'masked' && (
                    <div className="bd-masked-row">
                      <FieldValueView value={f.masked ?? '••••'} masked />
                      <Tag color={f.sensitivity === 'sensitive' ? 'danger' : 'warning'} fill="outline">
                        {t(`sensitivity.${f.sensitivity}`)}
                      </Tag>
                    </div>
                  )}
                  {f.state === 'empty' && <span className="bd-muted">{t('field.empty')}</span>}
                  {f.state === 'erased' && <span className="bd-muted">{t('field.erased')}</span>}
                </div>
                {under}
              </List.Item>
            );
          })}
        </List>
      ))}
    </>
  );
}
