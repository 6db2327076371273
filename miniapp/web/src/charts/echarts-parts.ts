// The only parts of ECharts the app draws with. Accessed as static members of the namespaces,
// which the bundler tree-shakes like named imports; the casts exist only for the type checker
// (see echarts.ts), the emitted code is `charts.BarChart` etc.
import * as core from 'echarts/core';
import * as charts from 'echarts/charts';
import * as components from 'echarts/components';
import * as renderers from 'echarts/renderers';
import type { EChartsCore } from './echarts.js';

type Parts = Record<string, unknown>;
const echarts = core as unknown as EChartsCore;

echarts.use([
  (charts as unknown as Parts).BarChart,
  (charts as unknown as Parts).LineChart,
  (components as unknown as Parts).GridComponent,
  (components as unknown as Parts).TooltipComponent,
  (components as unknown as Parts).AriaComponent,
  (renderers as unknown as Parts).SVGRenderer,
]);

export { echarts };
