/**
 * The one place ECharts is assembled: tree-shaken `echarts/core` with only what our charts use.
 * Shared by the browser (canvas) and the server (SVG SSR, then PNG through resvg). The SVG
 * renderer is added by `useSvgRenderer` where it is needed (server rendering, SVG export), so
 * pages do not download it.
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
	GraphicComponent,
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TitleComponent,
	TooltipComponent,
	VisualMapComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
	BarChart,
	LineChart,
	HeatmapChart,
	ScatterChart,
	GraphicComponent,
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TitleComponent,
	TooltipComponent,
	VisualMapComponent,
	CanvasRenderer
]);

let svgReady: Promise<void> | undefined;

/** Register the SVG renderer (a separate chunk in the browser); resolves once it can be used. */
export function useSvgRenderer(): Promise<void> {
	svgReady ??= import('echarts/lib/renderer/installSVGRenderer.js').then((m) =>
		echarts.use(m.install)
	);
	return svgReady;
}

export { echarts };
export type { ECharts, EChartsCoreOption } from 'echarts/core';
