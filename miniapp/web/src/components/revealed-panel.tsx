import { useEffect } from 'react';
import { WaterMark } from 'antd-mobile';
import type { RevealGranted } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { FieldValueView } from './field-value.js';
import { formatSeconds, useCountdown } from './use-countdown.js';

export interface ShownReveal {
  readonly grant: RevealGranted;
  /** Client-clock ms at which the values must disappear. */
  readonly deadline: number;
}

/**
 * Revealed values with their usage notes, under a watermark naming the viewer and time, and a
 * countdown; at zero the values are dropped from the page (not merely hidden by CSS).
 */
export function RevealedPanel(props: { shown: ShownReveal; onHide(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const left = useCountdown(props.shown.deadline);
  const { grant } = props.shown;
  const mark = `${grant.watermark.viewerName} · ${i18n.dateTime(grant.watermark.at)}`;
  const { onHide } = props;
  useEffect(() => {
    if (left === 0) onHide();
  }, [left, onHide]);
  if (left === 0) return null;
  return (
    <div className="bd-revealed" role="region" aria-label={t('reveal.revealedRegion')}>
      <WaterMark content={mark} fullPage={false} gapX={16} gapY={32} fontColor="rgba(0,0,0,.12)" zIndex={1} />
      {grant.values.map((v) => (
        <div key={v.field} className="bd-revealed-value">
          <div className="bd-revealed-label">{i18n.pick(v.label)}</div>
          {v.state === 'erased' ? <span className="bd-muted">{t('field.erased')}</span> : <FieldValueView value={v.value} field={v.field} />}
          <p className="bd-note" role="note">
            {i18n.pick(v.note)}
          </p>
        </div>
      ))}
      <p className="bd-watermark-text">{t('reveal.viewedBy', { name: grant.watermark.viewerName, at: i18n.dateTime(grant.watermark.at) })}</p>
      <p className="bd-countdown" aria-live="off">
        {t('reveal.hidesIn', { time: formatSeconds(left ?? 0) })}
      </p>
      <button type="button" className="bd-link-button" onClick={props.onHide}>
        {t('reveal.hideNow')}
      </button>
    </div>
  );
}

/** Said where a value was, once it is hidden again; a break-glass grant may show it again. */
export function HiddenAgain(props: { onShowAgain?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="bd-reveal-expired" role="status">
      {t('reveal.hiddenAgain')}
      {props.onShowAgain && (
        <button type="button" className="bd-link-button" onClick={props.onShowAgain}>
          {t('reveal.showAgain')}
        </button>
      )}
    </div>
  );
}
