/**
 * The one CSV import pipeline: bytes → decode → parse → header → normalise → validate → ParsedFile.
 * Synchronous and pure (no Node APIs), so the browser worker, the server and the CLI share it.
 * It never throws: every input gives a ParsedFile, with cells or with errors (never both).
 */
import type { Branch, BranchRegistry } from '../domain/branches';
import { metricById, type Metric, type MetricId } from '../domain/metrics';
import { currentMonth, type Month } from '../domain/periods';
import { decodeBytes } from './decode';
import { findHeaderRow, mapColumns, matchMetric, recognisedCount } from './header';
import { detectDelimiter, forEachRow, type Row } from './parse';
import { sha256Hex } from './sha256';
import type {
	ColumnMapping,
	ParsedFile,
	PipelineOptions,
	PreviewRow,
	ProblemCode
} from './types';
import {
	checkCount,
	DottedMonthFixer,
	formatRows,
	isSampleCell,
	isTotalLabel,
	ProblemLog
} from './validate';
import { cellText, parseMonth, parseNumber } from './values';

/** Non-blank records searched for the header (a title line or two may sit above it). */
const HEADER_SEARCH_ROWS = 10;
const DEFAULT_PREVIEW_ROWS = 200;

/** The best header score among the first records of a candidate decoding. */
function headerScore(text: string): number {
	const sample = text.slice(0, 16 * 1024);
	const rows: string[][] = [];
	forEachRow(sample, detectDelimiter(sample), (r) => {
		rows.push(r.cells);
		return rows.length < HEADER_SEARCH_ROWS;
	});
	let best = 0;
	for (const r of rows) best = Math.max(best, recognisedCount(r));
	return best;
}

function fileStem(fileName: string): string {
	const base = fileName.split(/[/\\]/).pop() ?? fileName;
	const dot = base.lastIndexOf('.');
	return dot > 0 ? base.slice(0, dot) : base;
}

/** A value that passed the count rules, waiting for the row's cross-column checks. */
interface Pending {
	metric: Metric;
	value: number;
	col: number;
	column: string;
	raw: string;
}

/** A value another metric may not exceed (long format: checked once the file is read). */
interface TotalSeen {
	value: number;
	row: number;
	column: string;
	raw: string;
	col: number;
}

class Importer {
	readonly log: ProblemLog;
	readonly file: ParsedFile;
	private readonly today: Month;
	private readonly previewLimit: number;
	private readonly previewByRow = new Map<number, PreviewRow>();

	private buffered: Row[] = [];
	private header: Row | null = null;
	private branchCol = -1;
	private monthCol = -1;
	private metricCol = -1;
	private valueCol = -1;
	private metricCols: ColumnMapping[] = [];
	private headers: string[] = [];

	private explicit: Branch | undefined;
	/** The branch of rows without one (no branch column, or a blank cell with nothing above). */
	private fallback: Branch | undefined;
	private fallbackSource: 'explicit' | 'title' | 'filename' | null = null;
	private fallbackWarned = false;
	private title: string | null = null;

	private lastBranch: { branch: Branch | null; raw: string } | null = null;
	private readonly mergedRows: number[] = [];
	private readonly monthFixer = new DottedMonthFixer();
	private readonly fixedMonths = new Map<string, { month: Month; rows: number }>();
	private readonly seen = new Map<string, number>();
	private readonly totals = new Map<string, TotalSeen>();
	private readonly parts = new Map<string, TotalSeen & { metric: Metric }>();
	private readonly branchesSeen = new Set<Branch>();
	private monthFrom: Month | null = null;
	private monthTo: Month | null = null;

	constructor(
		private readonly registry: BranchRegistry,
		private readonly opts: PipelineOptions,
		bytes: Uint8Array
	) {
		this.log = new ProblemLog((row, col, warning) => {
			const p = this.previewByRow.get(row);
			if (!p) return;
			const list = warning ? (p.warned ??= []) : p.bad;
			if (!list.includes(col)) list.push(col);
		});
		this.today = currentMonth(opts.today ?? new Date());
		this.previewLimit = Math.max(0, opts.previewRows ?? DEFAULT_PREVIEW_ROWS);
		this.file = {
			fileName: opts.fileName,
			size: bytes.length,
			sha256: sha256Hex(bytes),
			encoding: null,
			delimiter: null,
			format: null,
			headerRow: null,
			title: null,
			columns: [],
			branchSource: null,
			rows: 0,
			cells: [],
			missing: 0,
			branches: [],
			months: null,
			errors: this.log.errors,
			warnings: this.log.warnings,
			preview: { header: [], rows: [] }
		};
	}

	run(bytes: Uint8Array): void {
		if (this.opts.maxBytes !== undefined && bytes.length > this.opts.maxBytes) {
			this.log.add('file_too_large', null, null, null, {
				size: bytes.length,
				max: this.opts.maxBytes
			});
			return;
		}
		const decoded = decodeBytes(bytes, headerScore);
		if (!decoded.ok) {
			this.log.add(decoded.code, null, null, null, decoded.params);
			return;
		}
		this.file.encoding = decoded.encoding;
		if (decoded.guessed)
			this.log.add('encoding_guess', null, null, null, { encoding: decoded.encoding });

		const delimiter = detectDelimiter(decoded.text);
		this.file.delimiter = delimiter;
		const stats = forEachRow(decoded.text, delimiter, (row) => this.push(row));
		if (stats.unclosedQuoteLine !== null)
			this.log.add('unclosed_quote', stats.unclosedQuoteLine, null, null);
		if (!this.header) {
			// Fewer than ten records and none of them a header.
			this.log.add('no_header', null, null, null, { rows: HEADER_SEARCH_ROWS });
			return;
		}
		this.finish();
	}

	/** One non-blank record; false stops the parser. */
	private push(row: Row): boolean {
		if (this.header) {
			this.dataRow(row);
			return true;
		}
		this.buffered.push(row);
		const i = findHeaderRow(
			this.buffered.map((r) => r.cells),
			HEADER_SEARCH_ROWS
		);
		if (i >= 0) {
			const above = this.buffered.slice(0, i);
			this.buffered = [];
			this.setHeader(row, above);
			return true;
		}
		if (this.buffered.length >= HEADER_SEARCH_ROWS) {
			this.log.add('no_header', null, null, null, { rows: HEADER_SEARCH_ROWS });
			return false;
		}
		return true;
	}

	private setHeader(header: Row, above: Row[]): void {
		const { file, log } = this;
		this.header = header;
		file.headerRow = header.line;
		const titles = above.map((r) => r.cells.map((c) => c.trim()).filter(Boolean).join(' '));
		this.title = titles[0] ?? null;
		file.title = this.title;

		const columns = mapColumns(header.cells);
		file.columns = columns;
		this.headers = columns.map((c) => c.header);
		file.preview.header = header.cells.map((c) => c.trim());

		const firstOf = new Map<string, ColumnMapping>();
		for (const c of columns) {
			if (c.role === 'unknown') {
				if (c.header !== '') log.add('unknown_column', header.line, c.header, c.header);
				continue;
			}
			const key = c.role === 'metric' ? `metric:${c.metric}` : c.role;
			const first = firstOf.get(key);
			if (first) {
				log.add('duplicate_column', header.line, c.header, c.header, {
					other: first.header,
					otherIndex: first.index + 1,
					index: c.index + 1
				});
				continue;
			}
			firstOf.set(key, c);
			if (c.role === 'branch') this.branchCol = c.index;
			else if (c.role === 'month') this.monthCol = c.index;
			else if (c.role === 'long_metric') this.metricCol = c.index;
			else if (c.role === 'long_value') this.valueCol = c.index;
			else if (c.role === 'metric') {
				const m = metricById(c.metric!);
				if (m.ratio) {
					log.add('derived_metric_supplied', header.line, c.header, c.header, {
						metric: m.id,
						numerator: m.ratio.numerator,
						denominator: m.ratio.denominator
					});
				} else this.metricCols.push(c);
			}
		}

		if (this.metricCol >= 0) {
			file.format = 'long';
			if (this.valueCol < 0)
				log.add('no_value_column', header.line, columns[this.metricCol].header, null);
			if (this.metricCols.length > 0)
				log.add('mixed_format', header.line, this.metricCols[0].header, null, {
					metricColumn: columns[this.metricCol].header
				});
		} else {
			file.format = 'wide';
			if (columns.every((c) => c.role !== 'metric')) log.add('no_metric_columns', header.line, null, null);
		}
		if (this.monthCol < 0) log.add('no_month_column', header.line, null, null);

		this.resolveBranchSource([...titles].join(' '));
	}

	private resolveBranchSource(textAbove: string): void {
		const { opts, registry, log, file } = this;
		if (opts.branch !== undefined && opts.branch.trim() !== '') {
			this.explicit = registry.find(opts.branch) ?? registry.bySlug(opts.branch);
			if (!this.explicit) log.add('unknown_branch', null, null, opts.branch, { source: 'option' });
		}
		const fromTitle = textAbove ? registry.findWithin(textAbove) : undefined;
		const fromName = registry.findWithin(fileStem(opts.fileName));
		if (this.explicit) {
			this.fallback = this.explicit;
			this.fallbackSource = 'explicit';
		} else if (fromTitle) {
			this.fallback = fromTitle;
			this.fallbackSource = 'title';
		} else if (fromName) {
			this.fallback = fromName;
			this.fallbackSource = 'filename';
		}
		if (this.branchCol >= 0) {
			file.branchSource = 'column';
			return;
		}
		file.branchSource = this.fallbackSource;
		if (this.fallback) this.noteFallback();
		else if (!(opts.branch && !this.explicit)) log.add('no_branch', null, null, null);
	}

	/** Warn once that the branch came from the title or the file name. */
	private noteFallback(): void {
		if (this.fallbackWarned || !this.fallback) return;
		this.fallbackWarned = true;
		const params = {
			branch: this.fallback.slug,
			branchName: this.fallback.name,
			branchNameEn: this.fallback.nameEn
		};
		if (this.fallbackSource === 'title')
			this.log.add('branch_from_title', null, null, this.title, params);
		else if (this.fallbackSource === 'filename')
			this.log.add('branch_from_filename', null, null, this.opts.fileName, params);
	}

	private previewRow(row: Row, skipped: boolean): void {
		if (this.file.preview.rows.length >= this.previewLimit) return;
		const p: PreviewRow = { row: row.line, cells: row.cells, bad: [], skipped };
		this.file.preview.rows.push(p);
		this.previewByRow.set(row.line, p);
	}

	private cellAt(row: Row, col: number): string {
		return col >= 0 && col < row.cells.length ? row.cells[col] : '';
	}

	private dataRow(row: Row): void {
		const { log } = this;
		const line = row.line;
		const cells = row.cells;

		// Template sample rows: an error (the template's instructions say to delete them).
		for (let i = 0; i < cells.length; i++) {
			if (isSampleCell(cells[i])) {
				this.previewRow(row, true);
				log.add('sample_row', line, this.headers[i] ?? null, cells[i], undefined, i);
				return;
			}
		}
		// Total rows: skipped with a warning.
		const branchText = cellText(this.cellAt(row, this.branchCol));
		const monthText = cellText(this.cellAt(row, this.monthCol));
		const firstText = cellText(cells.find((c) => c.trim() !== '') ?? '');
		if (isTotalLabel(branchText) || isTotalLabel(monthText) || isTotalLabel(firstText)) {
			this.previewRow(row, true);
			const col = isTotalLabel(branchText)
				? this.branchCol
				: isTotalLabel(monthText)
					? this.monthCol
					: cells.findIndex((c) => c.trim() !== '');
			log.add('total_row_skipped', line, this.headers[col] ?? null, cells[col] ?? null);
			return;
		}

		this.previewRow(row, false);
		this.file.rows++;
		const branch = this.rowBranch(row, branchText);
		const month = this.rowMonth(row, monthText, branch);

		if (this.file.format === 'long') this.longRow(row, branch, month);
		else this.wideRow(row, branch, month);
	}

	/** The row's branch; null when unknown (reported). */
	private rowBranch(row: Row, text: string): Branch | null {
		const { log } = this;
		if (this.branchCol < 0) return this.fallback ?? null;
		const header = this.headers[this.branchCol];
		if (text === '') {
			if (this.lastBranch) {
				// A merged cell: exported as the branch on its first row and blanks below.
				this.mergedRows.push(row.line);
				return this.lastBranch.branch;
			}
			if (this.fallback) {
				this.noteFallback();
				return this.fallback;
			}
			log.add('no_branch', row.line, header, '', undefined, this.branchCol);
			return null;
		}
		const raw = this.cellAt(row, this.branchCol);
		const found = this.registry.find(text) ?? null;
		if (!found) log.add('unknown_branch', row.line, header, raw, undefined, this.branchCol);
		else if (this.explicit && found !== this.explicit)
			log.add(
				'branch_conflict',
				row.line,
				header,
				raw,
				{
					chosen: this.explicit.slug,
					chosenName: this.explicit.name,
					chosenNameEn: this.explicit.nameEn,
					found: found.slug,
					foundName: found.name,
					foundNameEn: found.nameEn
				},
				this.branchCol
			);
		this.lastBranch = { branch: found, raw: text };
		return found;
	}

	/** The row's month; null when missing or bad (reported). */
	private rowMonth(row: Row, text: string, branch: Branch | null): Month | null {
		if (this.monthCol < 0) return null;
		const { log } = this;
		const header = this.headers[this.monthCol];
		const raw = this.cellAt(row, this.monthCol);
		const parsed = parseMonth(text);
		if (!parsed) {
			log.add('bad_month', row.line, header, raw, undefined, this.monthCol);
			return null;
		}
		const branchKey = branch?.slug ?? this.lastBranch?.raw ?? '';
		const { month, fixed } = this.monthFixer.resolve(branchKey, text, parsed);
		if (fixed) {
			// One warning per branch and fixed month (a long file has a row per metric).
			const key = `${branchKey}|${month}`;
			const params = this.fixedMonths.get(key);
			if (params) params.rows++;
			else {
				const fresh = { month, rows: 1 };
				this.fixedMonths.set(key, fresh);
				log.add('ambiguous_month_fixed', row.line, header, raw, fresh, this.monthCol);
			}
		}
		if (month > this.today) {
			log.add('future_month', row.line, header, raw, { today: this.today }, this.monthCol);
			return null;
		}
		if (this.monthFrom === null || month < this.monthFrom) this.monthFrom = month;
		if (this.monthTo === null || month > this.monthTo) this.monthTo = month;
		return month;
	}

	/** Parse a count cell; a valid reported value, or null (missing or reported). */
	private countCell(row: Row, col: number, column: string): number | null {
		const raw = this.cellAt(row, col);
		const n = parseNumber(raw);
		let code: ProblemCode | null = null;
		if (n.kind === 'missing') {
			this.file.missing++;
			return null;
		}
		if (n.kind === 'bad') code = 'bad_number';
		else if (n.kind === 'percent') code = 'percent_in_count';
		else code = checkCount(n.value);
		if (code) {
			this.log.add(code, row.line, column, raw, undefined, col);
			return null;
		}
		return (n as { value: number }).value;
	}

	private checkDuplicate(row: Row, key: string, cols: number[], metric?: MetricId): void {
		const other = this.seen.get(key);
		if (other === undefined) {
			this.seen.set(key, row.line);
			return;
		}
		const params: Record<string, string | number> = { other };
		if (metric) params.metric = metric;
		this.log.add(
			'duplicate_row',
			row.line,
			null,
			null,
			params,
			cols.filter((c) => c >= 0)
		);
	}

	private emit(branch: Branch | null, month: Month | null, row: Row, v: Pending): void {
		if (!branch || !month || this.log.hasErrors) return;
		this.file.cells.push({
			branch: branch.slug,
			month,
			metric: v.metric.id,
			value: v.value,
			row: row.line,
			column: v.column,
			raw: v.raw
		});
	}

	private wideRow(row: Row, branch: Branch | null, month: Month | null): void {
		if (branch) this.branchesSeen.add(branch);
		if (branch && month)
			this.checkDuplicate(row, `${branch.slug}|${month}`, [this.branchCol, this.monthCol]);
		const values: Pending[] = [];
		for (const c of this.metricCols) {
			const value = this.countCell(row, c.index, c.header);
			if (value === null) continue;
			const metric = metricById(c.metric!);
			values.push({ metric, value, col: c.index, column: c.header, raw: row.cells[c.index] });
		}
		for (const v of values) {
			if (!v.metric.atMost) continue;
			const total = values.find((t) => t.metric.id === v.metric.atMost);
			if (total && v.value > total.value)
				this.log.add(
					'exceeds_total',
					row.line,
					v.column,
					v.raw,
					{
						metric: v.metric.id,
						total: total.column,
						totalValue: total.value,
						totalMetric: total.metric.id
					},
					[v.col, total.col]
				);
		}
		for (const v of values) this.emit(branch, month, row, v);
	}

	private longRow(row: Row, branch: Branch | null, month: Month | null): void {
		if (branch) this.branchesSeen.add(branch);
		if (this.valueCol < 0 || this.metricCols.length > 0) return;
		const metricHeader = this.headers[this.metricCol];
		const metricRaw = this.cellAt(row, this.metricCol);
		const metric = matchMetric(metricRaw);
		if (!metric) {
			this.log.add('unknown_metric', row.line, metricHeader, metricRaw, undefined, this.metricCol);
			return;
		}
		if (metric.ratio) {
			this.log.add(
				'derived_metric_supplied',
				row.line,
				metricHeader,
				metricRaw,
				{ metric: metric.id, numerator: metric.ratio.numerator, denominator: metric.ratio.denominator },
				this.metricCol
			);
			return;
		}
		if (branch && month)
			this.checkDuplicate(
				row,
				`${branch.slug}|${month}|${metric.id}`,
				[this.branchCol, this.monthCol, this.metricCol],
				metric.id
			);
		const column = this.headers[this.valueCol];
		const value = this.countCell(row, this.valueCol, column);
		if (value === null) return;
		const raw = row.cells[this.valueCol];
		if (branch && month) {
			// Keep only what the at-most rules need; checked when the file has been read.
			const seen = { value, row: row.line, column: metricRaw, raw, col: this.valueCol };
			const key = `${branch.slug}|${month}|`;
			if (metric.atMost) this.parts.set(key + metric.id, { ...seen, metric });
			else this.totals.set(key + metric.id, seen);
		}
		this.emit(branch, month, row, { metric, value, col: this.valueCol, column, raw });
	}

	private finish(): void {
		const { file, log } = this;
		for (const [key, part] of this.parts) {
			const prefix = key.slice(0, key.length - part.metric.id.length);
			const total = this.totals.get(prefix + part.metric.atMost);
			if (total && part.value > total.value)
				log.add(
					'exceeds_total',
					part.row,
					file.columns[this.valueCol].header,
					part.raw,
					{
						metric: part.metric.id,
						total: total.column,
						totalValue: total.value,
						totalMetric: part.metric.atMost!,
						totalRow: total.row
					},
					part.col
				);
		}
		if (this.mergedRows.length > 0)
			log.add('merged_branch_cell', this.mergedRows[0], this.headers[this.branchCol], null, {
				rows: formatRows(this.mergedRows),
				count: this.mergedRows.length
			});
		if (file.rows === 0) log.add('no_data_rows', null, null, null);

		file.branches = this.registry.branches.filter((b) => this.branchesSeen.has(b)).map((b) => b.slug);
		file.months =
			this.monthFrom && this.monthTo ? { from: this.monthFrom, to: this.monthTo } : null;
	}
}

/** A ParsedFile for an input the pipeline itself failed on (a bug): never a thrown error. */
function internalFailure(bytes: Uint8Array, opts: PipelineOptions, e: unknown): ParsedFile {
	let sha = '';
	try {
		sha = sha256Hex(bytes);
	} catch {
		// keep the empty hash
	}
	return {
		fileName: opts?.fileName ?? '',
		size: bytes?.length ?? 0,
		sha256: sha,
		encoding: null,
		delimiter: null,
		format: null,
		headerRow: null,
		title: null,
		columns: [],
		branchSource: null,
		rows: 0,
		cells: [],
		missing: 0,
		branches: [],
		months: null,
		errors: [
			{
				code: 'internal_error',
				row: null,
				column: null,
				value: null,
				params: { detail: e instanceof Error ? e.message : String(e) }
			}
		],
		warnings: [],
		preview: { header: [], rows: [] }
	};
}

/**
 * Import one CSV export: decode, parse, map the header, normalise and validate every row.
 * All problems are reported at once; `cells` holds the valid reported values and is empty
 * whenever `errors` is not (a file imports completely or not at all). Never throws.
 */
export function runPipeline(
	bytes: Uint8Array,
	registry: BranchRegistry,
	opts: PipelineOptions
): ParsedFile {
	try {
		const importer = new Importer(registry, opts, bytes);
		importer.run(bytes);
		importer.log.finish();
		const file = importer.file;
		if (file.errors.length > 0) file.cells = [];
		return file;
	} catch (e) {
		return internalFailure(bytes, opts, e);
	}
}
