/**
 * The one place ECharts is assembled: tree-shaken `echarts/core` with only what our charts use.
 * Shared by the browser (canvas) and the server (SVG SSR, then PNG through resvg). What a chart
 * does not need to be drawn on screen is loaded on demand, so pages do not download it up front:
 * the SVG renderer (`useSvgRenderer`: SVG export), titles (`useTitles`: slides) and tooltips with
 * the axis pointer (`useTooltips`: the first pointer over a chart). The server registers the first
 * two up front (ssr.ts).
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
	GraphicComponent,
	GridSimpleComponent,
	LegendPlainComponent,
	MarkLineComponent,
	VisualMapPiecewiseComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// The light variants: the grid without the axis pointer (it comes with tooltips), the legend
// without paging (ours wrap).
echarts.use([
	BarChart,
	LineChart,
	HeatmapChart,
	ScatterChart,
	GraphicComponent,
	GridSimpleComponent,
	LegendPlainComponent,
	MarkLineComponent,
	CanvasRenderer
]);
// Our heatmaps' cells carry their colours, so their visualMap maps nothing; ECharts asks for one
// only in its development checks (HeatmapView throws without it unless NODE_ENV is production).
// Registered exactly there (dev server, tests, CLI), the piecewise kind (no slider): production
// pages then do without its code (~7 KB gzip), and draw the same (pinned by heatmap.test.ts).
if (process.env.NODE_ENV !== 'production') echarts.use(VisualMapPiecewiseComponent);

type Installer = Parameters<typeof echarts.use>[0];

/** A part registered on first use (a separate chunk in the browser). */
function onDemand(load: () => Promise<{ install: Installer }>) {
	let loading: Promise<void> | undefined;
	let loaded = false;
	return {
		/** Resolves once the part can be used. */
		use: (): Promise<void> =>
			(loading ??= load().then((m) => {
				echarts.use(m.install);
				loaded = true;
			})),
		loaded: () => loaded
	};
}

const svg = onDemand(() => import('echarts/lib/renderer/installSVGRenderer.js'));
const titles = onDemand(() => import('echarts/lib/component/title/install.js'));
const tooltips = onDemand(() => import('echarts/lib/component/tooltip/install.js'));

/** The SVG renderer: SVG export in the browser. */
export const useSvgRenderer = svg.use;
/** Titles: only slides have them (their title and subtitle are baked into the picture). */
export const useTitles = titles.use;
/**
 * Tooltips and the axis pointer. ECharts gives an instance only the processors registered before
 * its `init`, so a chart created earlier must be created again to get axis tooltips.
 */
export const useTooltips = tooltips.use;
/** Whether tooltips are registered (charts created from now on get them). */
export const tooltipsReady = tooltips.loaded;

/** The option without its tooltip: for pictures, and for screens until tooltips are loaded. */
export function withoutTooltip(option: EChartsCoreOption): EChartsCoreOption {
	if (!('tooltip' in option)) return option;
	const rest = { ...option };
	delete rest.tooltip;
	return rest;
}

export { echarts };
export type { ECharts, EChartsCoreOption } from 'echarts/core';
