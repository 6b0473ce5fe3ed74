/** Render a chart to an SVG string without a browser (ECharts SSR), for tests and the server. */
import { TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { echarts, withoutTooltip } from './echarts';
import type { ChartBuilder, ChartSpec, RenderContext } from './frame';
import { chartTheme } from './theme';

// Server side (and tests): what slides need is registered up front; the browser loads it lazily.
echarts.use([SVGRenderer, TitleComponent]);

/** Build a chart for a slide (or any context) and render it to SVG. */
export function renderChartSvg(
	build: ChartBuilder,
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
		chart.setOption(withoutTooltip(spec.option)); // a picture has no tooltip
		return { svg: chart.renderToSVGString(), spec };
	} finally {
		chart.dispose();
	}
}
