/**
 * The chart theme, from the app's design tokens (src/app.css): the same values on screen, in
 * exported images and in server-rendered slides.
 */
export const CHART_FONT =
	"'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

export const TOKENS = {
	text: '#1f2933',
	muted: '#5f6b7a',
	faint: '#8a94a3',
	border: '#dfe3e8',
	grid: '#eceff3',
	accent: '#b3151f',
	ok: '#1e7d46',
	warn: '#9a6200',
	bad: '#b3261e',
	missing: '#eef0f3',
	/** The all-branch average line. */
	average: '#34495e',
	/** The norm reference line. */
	norm: '#b3151f'
} as const;

export function chartTheme(): Record<string, unknown> {
	return {
		color: ['#2e86c1', '#d68910', '#239b56', '#7d3c98', '#c0392b', '#17a589'],
		backgroundColor: 'transparent',
		textStyle: { fontFamily: CHART_FONT, color: TOKENS.text },
		title: { textStyle: { color: TOKENS.text }, subtextStyle: { color: TOKENS.muted } },
		legend: { textStyle: { color: TOKENS.text } },
		categoryAxis: {
			axisLine: { lineStyle: { color: TOKENS.border } },
			axisTick: { show: false },
			axisLabel: { color: TOKENS.muted },
			splitLine: { show: false }
		},
		valueAxis: {
			axisLine: { show: false },
			axisLabel: { color: TOKENS.muted },
			splitLine: { lineStyle: { color: TOKENS.grid } }
		},
		tooltip: {
			backgroundColor: '#fff',
			borderColor: TOKENS.border,
			textStyle: { color: TOKENS.text, fontFamily: CHART_FONT }
		}
	};
}
