/**
 * The one CSV import pipeline: bytes → decode → parse → header → normalise → validate → ParsedFile.
 * Synchronous and pure (no Node APIs), so the browser worker, the server and the CLI share it.
 * It never throws: every input gives a ParsedFile, with cells or with errors (never both).
 */
import type { Branch, BranchRegistry } from '../domain/branches';
import { METRICS, metricById, type Metric, type MetricId } from '../domain/metrics';
import { currentMonth, monthOf, type Month } from '../domain/periods';
import { decodeBytes, firstControlChar } from './decode';
import {
	classifyHeader,
	findHeaderRow,
	ledgerColumn,
	ledgerHeaderScore,
	mapColumns,
	matchMetric,
	recognisedCount,
	titleYear
} from './header';
import { detectDelimiter, forEachRow, type Row } from './parse';
import { sha256Hex } from './sha256';
import {
	DEFAULT_MAX_COUNT,
	MAX_COUNT_CEILING,
	type ColumnMapping,
	type ParsedFile,
	type PipelineOptions,
	type PreviewRow,
	type Problem,
	type ProblemCode
} from './types';
import {
	checkCount,
	clip,
	MAX_TEXT,
	DottedMonthFixer,
	formatRows,
	isSampleCell,
	isTotalLabel,
	ProblemLog
} from './validate';
import { cellText, parseMonth, parseNumber, type ParsedMonth } from './values';

/** Non-blank records searched for the header (a title line or two may sit above it). */
const HEADER_SEARCH_ROWS = 10;
const DEFAULT_PREVIEW_ROWS = 200;

/** The best header score among the first records of a candidate decoding (for `decodeBytes`). */
export function headerScore(text: string): number {
	const sample = text.slice(0, 16 * 1024);
	const rows: string[][] = [];
	forEachRow(sample, detectDelimiter(sample), (r) => {
		rows.push(r.cells);
		return rows.length < HEADER_SEARCH_ROWS;
	});
	let best = 0;
	for (const r of rows) best = Math.max(best, recognisedCount(r), ledgerHeaderScore(r));
	return best;
}

function fileStem(fileName: string): string {
	const base = fileName.split(/[/\\]/).pop() ?? fileName;
	const dot = base.lastIndexOf('.');
	return dot > 0 ? base.slice(0, dot) : base;
}

/** Long format: a value in an at-most rule, checked once the file has been read. */
interface LongValue {
	value: number;
	row: number;
	/** The metric cell's text. */
	metricText: string;
	raw: string;
	metric: Metric;
}

const METRIC_INDEX = new Map<MetricId, number>(METRICS.map((m, i) => [m.id, i]));
/** Metrics some other metric may not exceed (`cases_total`, `dues_due`). */
const TOTAL_METRICS = new Set<MetricId>(METRICS.flatMap((m) => (m.atMost ? [m.atMost] : [])));

class Importer {
	readonly log: ProblemLog;
	readonly file: ParsedFile;
	private readonly today: Month;
	private readonly previewLimit: number;
	private readonly previewByRow = new Map<number, PreviewRow>();

	private buffered: Row[] = [];
	private header: Row | null = null;
	/** A header that may be the group row of a two-row header: decided by the next record. */
	private pendingHeader: { row: Row; above: Row[] } | null = null;
	/** The last data record (a file cut off mid-row ends with a short one). */
	private lastRow: Row | null = null;
	private readonly maxCount: number;
	/** Ledger layout: the metric-name column and each month column with its month. */
	private ledgerMonths: { index: number; header: string; month: Month }[] = [];
	private readonly ledgerMetricRows = new Map<MetricId, number>();
	/** Ledger layout: values of the metrics in at-most rules, by metric and month column. */
	private readonly ledgerValues = new Map<MetricId, Map<number, LongValue>>();
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
	private readonly seen = new Map<number, number>();
	private readonly totals = new Map<number, LongValue>();
	private readonly parts: (LongValue & { totalKey: number })[] = [];
	private readonly branchIndexes = new Map<Branch, number>();
	private readonly branchCache = new Map<string, Branch | null>();
	private readonly monthCache = new Map<string, ParsedMonth | null>();
	private readonly metricCache = new Map<string, Metric | null>();
	/** Wide format: this row's parsed values by metric column (NaN: none). */
	private rowValues: number[] = [];
	/** Wide format: [part, total] indexes into `metricCols` for the at-most rules. */
	private atMostPairs: [number, number][] = [];
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
		this.maxCount = Math.min(Math.max(0, opts.maxCount ?? DEFAULT_MAX_COUNT), MAX_COUNT_CEILING);
		this.file = emptyParsedFile(
			opts.fileName,
			bytes.length,
			sha256Hex(bytes),
			this.log.errors,
			this.log.warnings
		);
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
			if (decoded.flawed === undefined || !this.locateFlaws(decoded.flawed, decoded.code))
				this.log.add(decoded.code, null, null, null, decoded.params);
			return;
		}
		this.file.encoding = decoded.encoding;
		if (decoded.guessed)
			this.log.add('encoding_guess', null, null, null, { encoding: decoded.encoding });

		const delimiter = detectDelimiter(decoded.text);
		this.file.delimiter = delimiter;
		const stats = forEachRow(decoded.text, delimiter, (row) => this.push(row));
		if (this.pendingHeader) this.setHeader(this.pendingHeader.row, this.pendingHeader.above);
		if (stats.unclosedQuoteLine !== null)
			this.log.add('unclosed_quote', stats.unclosedQuoteLine, null, null);
		else this.checkCutOff(decoded.text);
		if (!this.header) {
			// Fewer than ten records and none of them a header (`push` reports the longer case).
			if (this.buffered.length < HEADER_SEARCH_ROWS) {
				this.log.add('no_header', null, null, null, { rows: HEADER_SEARCH_ROWS });
			}
			return;
		}
		this.finish();
	}

	/**
	 * Name the cells of a text with a flaw (`invalid_bytes`: U+FFFD where bytes were no UTF-8;
	 * `control_char`: BEL, NUL …) by row and column. False when no cell holds it.
	 */
	private locateFlaws(text: string, code: ProblemCode): boolean {
		const delimiter = detectDelimiter(text);
		const head: string[][] = [];
		let header: string[] | null = null;
		let found = false;
		forEachRow(text, delimiter, (row) => {
			if (!header) {
				head.push(row.cells);
				const i = findHeaderRow(head, HEADER_SEARCH_ROWS);
				if (i >= 0) header = head[i];
			}
			row.cells.forEach((cell, i) => {
				const flawed =
					code === 'invalid_bytes' ? cell.includes('\uFFFD') : firstControlChar(cell) >= 0;
				if (!flawed) return;
				found = true;
				const name = header?.[i]?.trim() || String(i + 1);
				this.log.add(code, row.line, name, visibleControls(cell), { index: i + 1 });
			});
		});
		return found;
	}

	/** A file whose last record has fewer cells than the header and no line break: cut off. */
	private checkCutOff(text: string): void {
		const last = this.lastRow;
		if (!this.header || !last || /[\r\n]\s*$/.test(text.slice(-16))) return;
		if (last.cells.length >= this.header.cells.length) return;
		this.log.add('truncated_file', last.line, null, null, {
			cells: last.cells.length,
			expected: this.header.cells.length
		});
	}

	/** One non-blank record; false stops the parser. */
	private push(row: Row): boolean {
		if (this.header) {
			this.dataRow(row);
			return true;
		}
		if (this.pendingHeader) {
			const { row: first, above } = this.pendingHeader;
			this.pendingHeader = null;
			if (isMetricRowUnder(first.cells, row.cells)) {
				// Excel's merged header cells: `支部`, `月份` span both rows, the groups the metrics.
				const cells = row.cells.map((c, i) => (c.trim() === '' ? (first.cells[i] ?? c) : c));
				this.setHeader({ line: row.line, cells }, above, first);
			} else {
				this.setHeader(first, above);
				this.dataRow(row);
			}
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
			const groupLike = row.cells.some(
				(c) => c.trim() !== '' && classifyHeader(c).role === 'unknown'
			);
			if (groupLike && ledgerHeaderScore(row.cells) === 0) this.pendingHeader = { row, above };
			else this.setHeader(row, above);
			return true;
		}
		if (this.buffered.length >= HEADER_SEARCH_ROWS) {
			this.log.add('no_header', null, null, null, { rows: HEADER_SEARCH_ROWS });
			return false;
		}
		return true;
	}

	private setHeader(header: Row, above: Row[], group?: Row): void {
		const { file, log } = this;
		this.header = header;
		file.headerRow = header.line;
		// A group row right above the metric names (its cells over metric columns) is no title.
		const columns = mapColumns(header.cells);
		if (!group && above.length > 0 && isGroupRowOver(above[above.length - 1].cells, columns))
			group = above.pop();
		const titles = above.map((r) =>
			r.cells
				.map((c) => c.trim())
				.filter(Boolean)
				.join(' ')
		);
		this.title = titles[0] ?? null;
		file.title = this.title === null ? null : clip(this.title);

		if (group) this.noteGroupRow(group, columns);
		file.columns = columns.map((c) =>
			c.header.length > MAX_TEXT ? { ...c, header: clip(c.header) } : c
		);
		this.headers = columns.map((c) => c.header);
		file.preview.header = header.cells.map((c) => clip(c.trim()));

		if (ledgerHeaderScore(header.cells) > 0) {
			this.setLedgerHeader(header, columns, titles);
			return;
		}

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
			if (columns.every((c) => c.role !== 'metric'))
				log.add('no_metric_columns', header.line, null, null);
		}
		if (this.monthCol < 0) log.add('no_month_column', header.line, null, null);
		this.rowValues = this.metricCols.map(() => NaN);
		this.metricCols.forEach((c, i) => {
			const total = metricById(c.metric!).atMost;
			const j = total ? this.metricCols.findIndex((t) => t.metric === total) : -1;
			if (j >= 0) this.atMostPairs.push([i, j]);
		});

		this.resolveBranchSource([...titles].join(' '));
	}

	/** Two-row header: each column's group, and a warning that the group row was skipped. */
	private noteGroupRow(group: Row, columns: ColumnMapping[]): void {
		let current: string | undefined;
		const names: string[] = [];
		columns.forEach((c, i) => {
			const cell = (group.cells[i] ?? '').trim();
			if (cell !== '') {
				// A recognised name here (`支部` merged over both rows) starts no group.
				current = classifyHeader(cell).role === 'unknown' ? cell : undefined;
				if (current) names.push(current);
			}
			if (current && (c.role === 'metric' || c.role === 'unknown') && c.header !== '')
				c.group = clip(current);
		});
		this.file.groupRow = group.line;
		this.log.add('group_header_skipped', group.line, null, names.join(' / '), {
			header: this.header!.line
		});
	}

	/**
	 * Ledger layout (台账): metrics down the first column, one column per month (`2020年1月`, or
	 * `1月` with the year in the title). Totals are skipped with a warning; a column of several
	 * months (`第一季度`, `1-3月`) is an error: it cannot be split.
	 */
	private setLedgerHeader(header: Row, columns: ColumnMapping[], titles: string[]): void {
		const { file, log } = this;
		file.format = 'ledger';
		this.metricCol = columns.findIndex((c) => c.role === 'long_metric');
		const year = titleYear(titles.join(' '));
		const fixer = new DottedMonthFixer();
		for (const c of columns) {
			if (c.index <= this.metricCol) continue;
			const raw = header.cells[c.index];
			const kind = ledgerColumn(raw);
			const out = file.columns[c.index];
			out.role = 'unknown';
			out.metric = null;
			if (!kind) {
				if (c.header !== '') log.add('unknown_column', header.line, c.header, c.header);
				continue;
			}
			if (kind.kind === 'total') {
				out.skipped = 'total';
				log.add('total_column_skipped', header.line, c.header, c.header, undefined, c.index);
				continue;
			}
			if (kind.kind === 'period') {
				out.skipped = 'period';
				log.add('period_column', header.line, c.header, c.header, undefined, c.index);
				continue;
			}
			let month: Month;
			if (kind.kind === 'month') {
				const resolved = fixer.resolve('', cellText(raw), kind.parsed);
				month = resolved.month;
				if (resolved.fixed)
					log.add(
						'ambiguous_month_fixed',
						header.line,
						c.header,
						c.header,
						{ month, rows: 1 },
						c.index
					);
			} else if (year !== null && year >= 1949 && year <= 2200) {
				month = monthOf(year, kind.month);
			} else {
				log.add('ledger_no_year', header.line, c.header, c.header, undefined, c.index);
				continue;
			}
			if (month > this.today) {
				log.add('future_month', header.line, c.header, c.header, { today: this.today }, c.index);
				continue;
			}
			out.role = 'month';
			out.month = month;
			this.ledgerMonths.push({ index: c.index, header: c.header, month });
			if (this.monthFrom === null || month < this.monthFrom) this.monthFrom = month;
			if (this.monthTo === null || month > this.monthTo) this.monthTo = month;
		}
		if (this.ledgerMonths.length === 0 && !log.hasErrors)
			log.add('no_month_column', header.line, null, null);
		this.resolveBranchSource(titles.join(' '));
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
		const cells = row.cells.some((c) => c.length > MAX_TEXT) ? row.cells.map(clip) : row.cells;
		const p: PreviewRow = { row: row.line, cells, bad: [], skipped };
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
		this.lastRow = row;

		// Template sample rows: an error (the template's instructions say to delete them).
		for (let i = 0; i < cells.length; i++) {
			if (isSampleCell(cells[i])) {
				this.previewRow(row, true);
				log.add('sample_row', line, this.headers[i] ?? null, cells[i], undefined, i);
				return;
			}
		}
		// Total rows (`合计` in the branch, month or first cell): skipped with a warning.
		const branchRaw = this.cellAt(row, this.branchCol);
		const monthRaw = this.cellAt(row, this.monthCol);
		let firstCol = 0;
		while (firstCol < cells.length && cells[firstCol].trim() === '') firstCol++;
		const totalCol = isTotalLabel(branchRaw)
			? this.branchCol
			: isTotalLabel(monthRaw)
				? this.monthCol
				: isTotalLabel(cells[firstCol] ?? '')
					? firstCol
					: -1;
		if (totalCol >= 0) {
			this.previewRow(row, true);
			log.add('total_row_skipped', line, this.headers[totalCol] ?? null, cells[totalCol] ?? null);
			return;
		}

		this.previewRow(row, false);
		this.file.rows++;
		if (this.file.format === 'ledger') {
			this.ledgerRow(row);
			return;
		}
		const branch = this.rowBranch(row, branchRaw);
		const month = this.rowMonth(row, monthRaw, branch);

		if (this.file.format === 'long') this.longRow(row, branch, month);
		else this.wideRow(row, branch, month);
	}

	/** Registry look-ups per distinct cell text (a file repeats a handful of branch names). */
	private findBranch(raw: string): Branch | null {
		let b = this.branchCache.get(raw);
		if (b === undefined) {
			b = this.registry.find(cellText(raw)) ?? null;
			if (this.branchCache.size < 10_000) this.branchCache.set(raw, b);
		}
		return b;
	}

	/** The row's branch; null when unknown (reported). */
	private rowBranch(row: Row, raw: string): Branch | null {
		const { log } = this;
		if (this.branchCol < 0) return this.fallback ?? null;
		const header = this.headers[this.branchCol];
		if (raw.trim() === '') {
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
		const found = this.findBranch(raw);
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
		if (this.lastBranch?.raw !== raw) this.lastBranch = { branch: found, raw };
		return found;
	}

	private parseMonthCached(raw: string): ParsedMonth | null {
		let m = this.monthCache.get(raw);
		if (m === undefined) {
			m = parseMonth(raw);
			if (this.monthCache.size < 10_000) this.monthCache.set(raw, m);
		}
		return m;
	}

	/** The row's month; null when missing or bad (reported). */
	private rowMonth(row: Row, raw: string, branch: Branch | null): Month | null {
		if (this.monthCol < 0) return null;
		const { log } = this;
		const header = this.headers[this.monthCol];
		const parsed = this.parseMonthCached(raw);
		if (!parsed) {
			log.add('bad_month', row.line, header, raw, undefined, this.monthCol);
			return null;
		}
		const branchKey = branch?.slug ?? this.lastBranch?.raw ?? '';
		const { month, fixed } = this.monthFixer.resolve(branchKey, cellText(raw), parsed);
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

	/** Parse a count cell: the valid reported value, or NaN (not reported, or a reported problem). */
	private countCell(row: Row, col: number, column: string): number {
		const raw = this.cellAt(row, col);
		const n = parseNumber(raw);
		let code: ProblemCode | null;
		if (n.kind === 'value') {
			code = checkCount(n.value, this.maxCount);
			if (!code) return n.value;
		} else if (n.kind === 'missing') {
			this.file.missing++;
			return NaN;
		} else
			code =
				n.kind === 'percent'
					? 'percent_in_count'
					: n.kind === 'imprecise'
						? 'imprecise_number'
						: 'bad_number';
		const params = code === 'count_too_large' ? { max: this.maxCount } : undefined;
		this.log.add(code, row.line, column, raw, params, col);
		return NaN;
	}

	/**
	 * A numeric key for branch × month (× metric): cheaper than strings for a million rows.
	 * Months are 1949..2200 (parseMonth), so `monthIndex` < 27 000.
	 */
	private key(branch: Branch, month: Month, metric: Metric | null): number {
		// `YYYY-MM` from parseMonth: no need for monthIndex's regex on every row.
		const m = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
		return (
			(this.branchIndex(branch) * 32768 + m) * 32 + (metric ? METRIC_INDEX.get(metric.id)! + 1 : 0)
		);
	}

	private branchIndex(b: Branch): number {
		let i = this.branchIndexes.get(b);
		if (i === undefined) {
			i = this.branchIndexes.size;
			this.branchIndexes.set(b, i);
		}
		return i;
	}

	private checkDuplicate(row: Row, key: number, cols: number[], metric?: MetricId): void {
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

	private emit(
		branch: Branch | null,
		month: Month | null,
		row: Row,
		metric: MetricId,
		value: number,
		column: string,
		raw: string
	): void {
		if (!branch || !month || this.log.hasErrors) return;
		if (raw.length > MAX_TEXT) raw = clip(raw);
		this.file.cells.push({ branch: branch.slug, month, metric, value, row: row.line, column, raw });
	}

	private wideRow(row: Row, branch: Branch | null, month: Month | null): void {
		if (branch) this.branchesSeen.add(branch);
		if (branch && month)
			this.checkDuplicate(row, this.key(branch, month, null), [this.branchCol, this.monthCol]);
		const cols = this.metricCols;
		const values = this.rowValues;
		for (let i = 0; i < cols.length; i++) {
			const c = cols[i];
			const value = this.countCell(row, c.index, c.header);
			values[i] = value;
			if (value === value)
				this.emit(branch, month, row, c.metric!, value, c.header, row.cells[c.index]);
		}
		for (const [part, total] of this.atMostPairs) {
			if (!(values[part] > values[total])) continue;
			const p = cols[part];
			const t = cols[total];
			this.log.add(
				'exceeds_total',
				row.line,
				p.header,
				row.cells[p.index],
				{ metric: p.metric!, total: t.header, totalValue: values[total], totalMetric: t.metric! },
				[p.index, t.index]
			);
		}
	}

	private matchMetricCached(raw: string): Metric | null {
		let m = this.metricCache.get(raw);
		if (m === undefined) {
			m = matchMetric(raw) ?? null;
			if (this.metricCache.size < 10_000) this.metricCache.set(raw, m);
		}
		return m;
	}

	private longRow(row: Row, branch: Branch | null, month: Month | null): void {
		if (branch) this.branchesSeen.add(branch);
		if (this.valueCol < 0 || this.metricCols.length > 0) return;
		const metricHeader = this.headers[this.metricCol];
		const metricRaw = this.cellAt(row, this.metricCol);
		const metric = this.matchMetricCached(metricRaw);
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
				{
					metric: metric.id,
					numerator: metric.ratio.numerator,
					denominator: metric.ratio.denominator
				},
				this.metricCol
			);
			return;
		}
		const key = branch && month ? this.key(branch, month, metric) : -1;
		if (key >= 0)
			this.checkDuplicate(row, key, [this.branchCol, this.monthCol, this.metricCol], metric.id);
		const column = this.headers[this.valueCol];
		const value = this.countCell(row, this.valueCol, column);
		if (value !== value) return;
		const raw = row.cells[this.valueCol];
		if (key >= 0 && (metric.atMost || TOTAL_METRICS.has(metric.id))) {
			// Only what the at-most rules need; checked once the file has been read.
			const seen = { value, row: row.line, metricText: metricRaw, raw, metric };
			if (metric.atMost)
				this.parts.push({
					...seen,
					totalKey: this.key(branch!, month!, metricById(metric.atMost))
				});
			else this.totals.set(key, seen);
		}
		this.emit(branch, month, row, metric.id, value, column, raw);
	}

	/** Ledger layout: a metric's row, one value per month column. */
	private ledgerRow(row: Row): void {
		const { log } = this;
		const branch = this.fallback ?? null;
		if (branch) this.branchesSeen.add(branch);
		const metricHeader = this.headers[this.metricCol];
		const metricRaw = this.cellAt(row, this.metricCol);
		const metric = this.matchMetricCached(metricRaw);
		if (!metric) {
			log.add('unknown_metric', row.line, metricHeader, metricRaw, undefined, this.metricCol);
			return;
		}
		if (metric.ratio) {
			log.add(
				'derived_metric_supplied',
				row.line,
				metricHeader,
				metricRaw,
				{
					metric: metric.id,
					numerator: metric.ratio.numerator,
					denominator: metric.ratio.denominator
				},
				this.metricCol
			);
			return;
		}
		const other = this.ledgerMetricRows.get(metric.id);
		if (other !== undefined) {
			log.add('duplicate_row', row.line, null, null, { other, metric: metric.id }, this.metricCol);
			return;
		}
		this.ledgerMetricRows.set(metric.id, row.line);
		const ruled = metric.atMost || TOTAL_METRICS.has(metric.id);
		const kept = ruled ? new Map<number, LongValue>() : null;
		if (kept) this.ledgerValues.set(metric.id, kept);
		for (const c of this.ledgerMonths) {
			const value = this.countCell(row, c.index, c.header);
			if (value !== value) continue;
			const raw = row.cells[c.index];
			kept?.set(c.index, { value, row: row.line, metricText: metricRaw, raw, metric });
			this.emit(branch, c.month, row, metric.id, value, c.header, raw);
		}
	}

	/** Ledger layout: the at-most rules (`cases_by_leaders` ≤ `cases_total`) month by month. */
	private checkLedgerTotals(): void {
		for (const [metricId, parts] of this.ledgerValues) {
			const totalId = metricById(metricId).atMost;
			const totals = totalId ? this.ledgerValues.get(totalId) : undefined;
			if (!totals) continue;
			for (const c of this.ledgerMonths) {
				const part = parts.get(c.index);
				const total = totals.get(c.index);
				if (!part || !total || !(part.value > total.value)) continue;
				this.log.add(
					'exceeds_total',
					part.row,
					c.header,
					part.raw,
					{
						metric: metricId,
						total: total.metricText,
						totalValue: total.value,
						totalMetric: total.metric.id,
						totalRow: total.row
					},
					c.index
				);
			}
		}
	}

	private finish(): void {
		const { file, log } = this;
		if (file.format === 'ledger') this.checkLedgerTotals();
		for (const part of this.parts) {
			const total = this.totals.get(part.totalKey);
			if (total && part.value > total.value)
				log.add(
					'exceeds_total',
					part.row,
					this.headers[this.valueCol],
					part.raw,
					{
						metric: part.metric.id,
						total: total.metricText,
						totalValue: total.value,
						totalMetric: total.metric.id,
						totalRow: total.row
					},
					this.valueCol
				);
		}
		if (this.mergedRows.length > 0)
			log.add('merged_branch_cell', this.mergedRows[0], this.headers[this.branchCol], null, {
				rows: formatRows(this.mergedRows),
				count: this.mergedRows.length
			});
		if (file.rows === 0) log.add('no_data_rows', null, null, null);

		file.branches = this.registry.branches
			.filter((b) => this.branchesSeen.has(b))
			.map((b) => b.slug);
		file.months =
			this.monthFrom && this.monthTo ? { from: this.monthFrom, to: this.monthTo } : null;
	}
}

/** A cell's text with its control characters made visible (NUL → ␀, BEL → ␇). */
function visibleControls(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\x00-\x1f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)));
}

/**
 * Whether `below` is the metric row of a two-row header whose first row is `first` (Excel's
 * merged cells: `支部`, `月份` over both rows; a group name over its metrics, blanks after it):
 * `below` names at least two metrics and is blank under every name `first` recognises.
 */
function isMetricRowUnder(first: readonly string[], below: readonly string[]): boolean {
	let metrics = 0;
	for (const c of below) if (c.trim() !== '' && classifyHeader(c).role === 'metric') metrics++;
	if (metrics < 2) return false;
	return first.every(
		(c, i) =>
			c.trim() === '' || classifyHeader(c).role === 'unknown' || (below[i] ?? '').trim() === ''
	);
}

/**
 * Whether the row above a header is a group row (merged header cells: `三会一课` over its
 * metrics, blanks after): a name over a metric column, not just a title in the first cell.
 */
function isGroupRowOver(cells: readonly string[], columns: readonly ColumnMapping[]): boolean {
	let overMetric = false;
	for (let i = 0; i < cells.length; i++) {
		if (cells[i].trim() === '') continue;
		if (i > 0 && columns[i]?.role === 'metric') overMetric = true;
	}
	return overMetric;
}

/** A ParsedFile for an input the pipeline itself failed on (a bug): never a thrown error. */
function internalFailure(bytes: Uint8Array, opts: PipelineOptions, e: unknown): ParsedFile {
	let sha = '';
	try {
		sha = sha256Hex(bytes);
	} catch {
		// keep the empty hash
	}
	const error: Problem = {
		code: 'internal_error',
		row: null,
		column: null,
		value: null,
		params: { detail: e instanceof Error ? e.message : String(e) }
	};
	return emptyParsedFile(opts?.fileName ?? '', bytes?.length ?? 0, sha, [error], []);
}

/** A ParsedFile with nothing read yet: the start of every run and the shape of a failed one. */
function emptyParsedFile(
	fileName: string,
	size: number,
	sha256: string,
	errors: Problem[],
	warnings: Problem[]
): ParsedFile {
	return {
		fileName: clip(fileName),
		size,
		sha256,
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
		errors,
		warnings,
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
