// Install functions imported on their own so the browser loads them lazily (see echarts.ts).
declare module 'echarts/lib/renderer/installSVGRenderer.js' {
	import type { SVGRenderer } from 'echarts/renderers';
	export const install: typeof SVGRenderer;
}
declare module 'echarts/lib/component/tooltip/install.js' {
	import type { TooltipComponent } from 'echarts/components';
	export const install: typeof TooltipComponent;
}
declare module 'echarts/lib/component/title/install.js' {
	import type { TitleComponent } from 'echarts/components';
	export const install: typeof TitleComponent;
}
