// The SVG renderer's install function, imported on its own so the browser loads it lazily.
declare module 'echarts/lib/renderer/installSVGRenderer.js' {
	import type { SVGRenderer } from 'echarts/renderers';
	export const install: typeof SVGRenderer;
}
