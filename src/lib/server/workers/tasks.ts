/**
 * What the worker pool runs (parsing an upload, drawing a picture) and how their results cross the
 * thread boundary. A parse's cells go back as columns — typed arrays and string tables, transferred
 * rather than copied — because structured-cloning a million cell objects would cost about what the
 * parse in the worker saves the request thread.
 */
import type { Branch } from '../../domain/branches';
import type { MetricId } from '../../domain/metrics';
import type { Month } from '../../domain/periods';
import type { Cell, ParsedFile, PipelineOptions } from '../../import/types';

export interface ParseTask {
	kind: 'parse';
	bytes: Uint8Array;
	branches: Branch[];
	opts: PipelineOptions;
}

export interface PngTask {
	kind: 'png';
	svg: string;
	width: number;
	pixelRatio: number;
}

export type Task = ParseTask | PngTask;

/** The cells of a parse as columns: each text column is an index into its table. */
export interface PackedCells {
	count: number;
	branches: string[];
	months: string[];
	metrics: string[];
	columns: string[];
	branch: Uint16Array;
	month: Uint16Array;
	metric: Uint16Array;
	column: Uint32Array;
	value: Float64Array;
	row: Uint32Array;
	/** Every cell's raw text, joined; cell i is raw.slice(rawEnd[i-1] ?? 0, rawEnd[i]). */
	raw: string;
	rawEnd: Uint32Array;
}

export type PackedParse = Omit<ParsedFile, 'cells'> & { cells: PackedCells };

function table() {
	const index = new Map<string, number>();
	const list: string[] = [];
	return {
		list,
		of(s: string): number {
			let i = index.get(s);
			if (i === undefined) {
				i = list.length;
				list.push(s);
				index.set(s, i);
			}
			return i;
		}
	};
}

/** A parse with its cells packed into columns (see `transferables` for what to transfer). */
export function packParse(file: ParsedFile): PackedParse {
	const n = file.cells.length;
	const branches = table();
	const months = table();
	const metrics = table();
	const columns = table();
	const packed: PackedCells = {
		count: n,
		branches: branches.list,
		months: months.list,
		metrics: metrics.list,
		columns: columns.list,
		branch: new Uint16Array(n),
		month: new Uint16Array(n),
		metric: new Uint16Array(n),
		column: new Uint32Array(n),
		value: new Float64Array(n),
		row: new Uint32Array(n),
		raw: '',
		rawEnd: new Uint32Array(n)
	};
	const raws: string[] = new Array(n);
	let end = 0;
	for (let i = 0; i < n; i++) {
		const c = file.cells[i];
		packed.branch[i] = branches.of(c.branch);
		packed.month[i] = months.of(c.month);
		packed.metric[i] = metrics.of(c.metric);
		packed.column[i] = columns.of(c.column);
		packed.value[i] = c.value;
		packed.row[i] = c.row;
		raws[i] = c.raw;
		end += c.raw.length;
		packed.rawEnd[i] = end;
	}
	packed.raw = raws.join('');
	return { ...file, cells: packed };
}

export function transferables(p: PackedParse): ArrayBuffer[] {
	const c = p.cells;
	return [c.branch, c.month, c.metric, c.column, c.value, c.row, c.rawEnd].map(
		(a) => a.buffer as ArrayBuffer
	);
}

/** The parse as the pipeline returned it: cell objects rebuilt from the columns. */
export function unpackParse(p: PackedParse): ParsedFile {
	const c = p.cells;
	const cells: Cell[] = new Array(c.count);
	let start = 0;
	for (let i = 0; i < c.count; i++) {
		const end = c.rawEnd[i];
		cells[i] = {
			branch: c.branches[c.branch[i]],
			month: c.months[c.month[i]] as Month,
			metric: c.metrics[c.metric[i]] as MetricId,
			value: c.value[i],
			row: c.row[i],
			column: c.columns[c.column[i]],
			raw: c.raw.slice(start, end)
		};
		start = end;
	}
	return { ...p, cells };
}
