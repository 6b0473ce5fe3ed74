/** Render a chart to an SVG string without a browser (ECharts SSR), for tests and the server. */
import { SVGRenderer } from 'echarts/renderers';
import { echarts } from './echarts';
import type { ChartSpec, RenderContext } from './frame';
import { chartTheme } from './theme';

// Server side (and tests): the SVG renderer is registered up front; the browser loads it lazily.
echarts.use([SVGRenderer]);

export type Builder = (ctx: RenderContext) => ChartSpec;

/** Build a chart for a slide (or any context) and render it to SVG. */
export function renderChartSvg(
	build: Builder,
	ctx: RenderContext
): { svg: string; spec: ChartSpec } {
	const spec = build(ctx);
	const chart = echarts.init(null, chartTheme(), {
		renderer: 'svg',
		ssr: true,
		width: ctx.width,
		height: ctx.height
	});
	try {
		chart.setOption(spec.option);
		return { svg: chart.renderToSVGString(), spec };
	} finally {
		chart.dispose();
	}
}
