/**
 * ECharts, imported piece by piece (core + the two chart types and the components we draw),
 * and only when a chart page opens — the rest of the app never downloads it.
 *
 * echarts' .d.ts files re-export without file extensions, which NodeNext resolution (our one
 * tsconfig) cannot follow, so the few calls we make are typed here by hand.
 */
export interface EChartsInstance {
  setOption(option: ChartOption): void;
  resize(): void;
  dispose(): void;
}
export interface EChartsCore {
  use(parts: unknown[]): void;
  init(el: HTMLElement, theme?: string, opts?: { renderer?: 'svg' | 'canvas' }): EChartsInstance;
}
/** The option object as ECharts documents it (series, axes, grid, tooltip, aria). */
export type ChartOption = Record<string, unknown>;

/** Loads ECharts with its parts registered, in its own chunk. */
export async function loadECharts(): Promise<EChartsCore> {
  return (await import('./echarts-parts.js')).echarts;
}
