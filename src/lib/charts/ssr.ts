/** Render a chart to an SVG string without a browser (ECharts SSR), for tests and the server. */
import { echarts } from './echarts';
import type { ChartSpec, RenderContext } from './frame';
import { chartTheme } from './theme';

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
