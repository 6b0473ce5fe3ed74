/**
 * The one place ECharts is assembled: tree-shaken `echarts/core` with only what our charts use.
 * Shared by the browser (canvas) and the server (SVG SSR, then PNG through resvg).
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
	DatasetComponent,
	GraphicComponent,
	GridComponent,
	LegendComponent,
	MarkAreaComponent,
	MarkLineComponent,
	TitleComponent,
	TooltipComponent,
	VisualMapComponent
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([
	BarChart,
	LineChart,
	HeatmapChart,
	ScatterChart,
	DatasetComponent,
	GraphicComponent,
	GridComponent,
	LegendComponent,
	MarkAreaComponent,
	MarkLineComponent,
	TitleComponent,
	TooltipComponent,
	VisualMapComponent,
	LabelLayout,
	CanvasRenderer,
	SVGRenderer
]);

export { echarts };
export type { ECharts, EChartsCoreOption } from 'echarts/core';
