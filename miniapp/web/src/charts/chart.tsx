import { useEffect, useRef } from 'react';
import { loadECharts, type ChartOption } from './echarts.js';

export type { ChartOption };

/**
 * One chart, drawn as SVG (crisp on phones, no canvas); the numbers are also given as a
 * table next to it for copying.
 */
export function Chart(props: { option: ChartOption; label: string; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let dispose: (() => void) | undefined;
    void loadECharts().then((echarts) => {
      if (disposed || !el.current) return;
      const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
      chart.setOption({ aria: { enabled: true }, ...props.option });
      const onResize = () => chart.resize();
      window.addEventListener('resize', onResize);
      dispose = () => {
        window.removeEventListener('resize', onResize);
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose?.();
    };
  }, [props.option]);
  // ECharts' aria component labels its own element with a description of the data.
  return (
    <figure className="bd-figure" aria-label={props.label}>
      <div ref={el} className="bd-chart" style={{ height: props.height ?? 260 }} />
    </figure>
  );
}
