/**
 * Charts as editable PowerPoint charts. A builder may describe its native form (`spec.native`);
 * otherwise it is read from the ECharts option: one category axis with bar and/or line series.
 * Anything else (heatmaps, several grids) has no native form and goes in as a picture.
 */
import type { ChartSpec } from '../frame';
import { TOKENS } from '../theme';

export interface NativeSeries {
	name: string;
	/** null = not reported: a gap, never 0. */
	values: (number | null)[];
	colour?: string;
	/** One colour per category (a single bar series coloured by branch). */
	pointColours?: string[];
}

export interface NativeChart {
	type: 'bar' | 'line';
	/** Bars grow up (categories on x) or right (categories on y). */
	horizontal?: boolean;
	categories: string[];
	series: NativeSeries[];
	/** The value axis runs downwards (ranks: 1 at the top). */
	inverse?: boolean;
	/** Fixed value axis bounds and step, when the chart sets them (ranks: 1 to 8 by 1). */
	min?: number;
	max?: number;
	step?: number;
	/** Excel number format for the value axis and labels: `0`, `0.0%`, `0.0`. */
	numberFormat: string;
	showValues: boolean;
	/** Reference lines across the chart (the norm, the all-branch average), as on screen. */
	references?: NativeReference[];
}

export interface NativeReference {
	name: string;
	value: number;
	colour: string;
	dashed: boolean;
}

/** The chart's horizontal reference lines (markLine at a value on the value axis). */
function referencesOf(series: Obj[], horizontal: boolean): NativeReference[] {
	const key = horizontal ? 'xAxis' : 'yAxis';
	return series.flatMap((s) => {
		const data = ((s.markLine as Obj | undefined)?.data as Obj[] | undefined) ?? [];
		return data.flatMap((d): NativeReference[] => {
			const value = d[key];
			if (typeof value !== 'number' || !Number.isFinite(value)) return [];
			const style = (d.lineStyle as Obj | undefined) ?? {};
			return [
				{
					name: String(d.name ?? ''),
					value,
					colour: typeof style.color === 'string' ? style.color : TOKENS.norm,
					dashed: style.type === 'dashed'
				}
			];
		});
	});
}

type Obj = Record<string, unknown>;
const first = (v: unknown): Obj | undefined => (Array.isArray(v) ? v[0] : v) as Obj | undefined;

function valueOf(d: unknown): number | null {
	const v = d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Obj).value : d;
	return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function pointColour(d: unknown): string | undefined {
	if (d === null || typeof d !== 'object') return undefined;
	const c = ((d as Obj).itemStyle as Obj | undefined)?.color;
	return typeof c === 'string' ? c : undefined;
}

/** The chart's native form, or null when it has none (then the slide carries its picture). */
export function nativeChartOf(spec: ChartSpec): NativeChart | null {
	if (spec.native) return spec.native;
	const o = spec.option as Obj;
	if (Array.isArray(o.grid) && o.grid.length > 1) return null;
	const x = first(o.xAxis);
	const y = first(o.yAxis);
	const horizontal = y?.type === 'category' && x?.type !== 'category';
	const cat = horizontal ? y : x;
	if (!cat || cat.type !== 'category' || !Array.isArray(cat.data)) return null;
	const categories = (cat.data as unknown[]).map((c) =>
		String(c !== null && typeof c === 'object' ? ((c as Obj).value ?? '') : c)
	);
	const raw = (Array.isArray(o.series) ? o.series : [o.series]) as Obj[];
	const series = raw.filter((s) => s && (s.type === 'bar' || s.type === 'line'));
	if (!series.length || series.length !== raw.length) return null;
	// A category nobody reported says so (the picture's "未填报" label), instead of an empty slot.
	const missingWord = (i: number) => {
		for (const s of series) {
			const d = (s.data as unknown[] | undefined)?.[i];
			const f =
				d && typeof d === 'object' ? ((d as Obj).label as Obj | undefined)?.formatter : undefined;
			if (pointColour(d) === TOKENS.missing && typeof f === 'string') return f;
		}
		return null;
	};
	categories.forEach((c, i) => {
		const word = missingWord(i);
		if (word) categories[i] = `${c}（${word}）`;
	});
	const type = series.every((s) => s.type === 'line') ? 'line' : 'bar';
	if (series.some((s) => s.type !== type)) return null;
	const palette = (o.color as string[] | undefined) ?? [];
	const out: NativeSeries[] = series.map((s, i) => {
		const data = (s.data as unknown[]) ?? [];
		// A placeholder bar for a missing value is drawn in the "missing" colour: a gap natively.
		const values = data.map((d) => (pointColour(d) === TOKENS.missing ? null : valueOf(d)));
		const colours = data.map(pointColour);
		const style =
			s.color ?? (s.itemStyle as Obj | undefined)?.color ?? (s.lineStyle as Obj | undefined)?.color;
		return {
			name: String(s.name ?? ''),
			values,
			colour: typeof style === 'string' ? style : palette[i],
			pointColours: colours.every(Boolean) ? (colours as string[]) : undefined
		};
	});
	const axisFormatter = (first(horizontal ? o.xAxis : o.yAxis)?.axisLabel as Obj | undefined)
		?.formatter;
	const sample = out.flatMap((s) => s.values).find((v) => v !== null && v !== 0);
	const percent =
		typeof axisFormatter === 'function' &&
		sample !== undefined &&
		sample !== null &&
		String((axisFormatter as (v: number) => string)(sample)).endsWith('%');
	const integral = out.every((s) => s.values.every((v) => v === null || Number.isInteger(v)));
	return {
		type,
		horizontal,
		...valueAxisBounds(first(horizontal ? o.xAxis : o.yAxis)),
		categories,
		series: out,
		numberFormat: percent ? '0.0%' : integral ? '0' : '0.0',
		references: referencesOf(series, horizontal),
		showValues: series.some((s) => {
			const label = s.label as Obj | undefined;
			const d0 = (s.data as unknown[] | undefined)?.[0];
			const pointLabel = d0 && typeof d0 === 'object' ? ((d0 as Obj).label as Obj) : undefined;
			return Boolean(label?.show ?? pointLabel?.show);
		})
	};
}

function valueAxisBounds(
	axis: Obj | undefined
): Pick<NativeChart, 'inverse' | 'min' | 'max' | 'step'> {
	const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
	return {
		inverse: axis?.inverse === true,
		min: num(axis?.min),
		max: num(axis?.max),
		step: num(axis?.interval)
	};
}
