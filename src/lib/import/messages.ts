/**
 * Problem codes → text a user can act on, in Chinese (the default) or English. The texts live in
 * `messages/problems/{locale}.json` (paraglide); this module picks the message for a problem and
 * fills in its row, column, value and parameters, with metric and branch names localised.
 */
import { findMetric } from '../domain/metrics';
import * as m from '../paraglide/messages.js';
import type { Problem, ProblemCode } from './types';

export type ProblemLocale = 'zh-cn' | 'en';

type Inputs = Record<string, string | number>;
type Options = { locale: ProblemLocale };
type Text = (inputs: Inputs, options: Options) => string;

/** A message and its hint; the casts only widen paraglide's per-message input types. */
function pair<I, J>(
	message: (inputs: I, options: Options) => string,
	hint: (inputs: J, options: Options) => string
): [Text, Text] {
	return [message as unknown as Text, hint as unknown as Text];
}

const MESSAGES: Record<ProblemCode, [Text, Text]> = {
	binary_xlsx: pair(m.problem_binary_xlsx, m.hint_binary_xlsx),
	binary_file: pair(m.problem_binary_file, m.hint_binary_file),
	bom_mismatch: pair(m.problem_bom_mismatch, m.hint_bom_mismatch),
	truncated_file: pair(m.problem_truncated_file, m.hint_truncated_file),
	invalid_bytes: pair(m.problem_invalid_bytes, m.hint_invalid_bytes),
	control_char: pair(m.problem_control_char, m.hint_control_char),
	count_too_large: pair(m.problem_count_too_large, m.hint_count_too_large),
	imprecise_number: pair(m.problem_imprecise_number, m.hint_imprecise_number),
	period_column: pair(m.problem_period_column, m.hint_period_column),
	ledger_no_year: pair(m.problem_ledger_no_year, m.hint_ledger_no_year),
	total_column_skipped: pair(m.problem_total_column_skipped, m.hint_total_column_skipped),
	group_header_skipped: pair(m.problem_group_header_skipped, m.hint_group_header_skipped),
	empty_file: pair(m.problem_empty_file, m.hint_empty_file),
	file_too_large: pair(m.problem_file_too_large, m.hint_file_too_large),
	no_header: pair(m.problem_no_header, m.hint_no_header),
	no_month_column: pair(m.problem_no_month_column, m.hint_no_month_column),
	no_branch: pair(m.problem_no_branch, m.hint_no_branch),
	no_data_rows: pair(m.problem_no_data_rows, m.hint_no_data_rows),
	duplicate_column: pair(m.problem_duplicate_column, m.hint_duplicate_column),
	unknown_branch: pair(m.problem_unknown_branch, m.hint_unknown_branch),
	branch_conflict: pair(m.problem_branch_conflict, m.hint_branch_conflict),
	bad_month: pair(m.problem_bad_month, m.hint_bad_month),
	future_month: pair(m.problem_future_month, m.hint_future_month),
	bad_number: pair(m.problem_bad_number, m.hint_bad_number),
	negative_count: pair(m.problem_negative_count, m.hint_negative_count),
	fractional_count: pair(m.problem_fractional_count, m.hint_fractional_count),
	exceeds_total: pair(m.problem_exceeds_total, m.hint_exceeds_total),
	duplicate_row: pair(m.problem_duplicate_row, m.hint_duplicate_row),
	derived_metric_supplied: pair(m.problem_derived_metric_supplied, m.hint_derived_metric_supplied),
	unknown_metric: pair(m.problem_unknown_metric, m.hint_unknown_metric),
	sample_row: pair(m.problem_sample_row, m.hint_sample_row),
	percent_in_count: pair(m.problem_percent_in_count, m.hint_percent_in_count),
	no_metric_columns: pair(m.problem_no_metric_columns, m.hint_no_metric_columns),
	no_value_column: pair(m.problem_no_value_column, m.hint_no_value_column),
	mixed_format: pair(m.problem_mixed_format, m.hint_mixed_format),
	unclosed_quote: pair(m.problem_unclosed_quote, m.hint_unclosed_quote),
	internal_error: pair(m.problem_internal_error, m.hint_internal_error),
	problems_truncated: pair(m.problem_problems_truncated, m.hint_problems_truncated),
	unknown_column: pair(m.problem_unknown_column, m.hint_unknown_column),
	merged_branch_cell: pair(m.problem_merged_branch_cell, m.hint_merged_branch_cell),
	total_row_skipped: pair(m.problem_total_row_skipped, m.hint_total_row_skipped),
	ambiguous_month_fixed: pair(m.problem_ambiguous_month_fixed, m.hint_ambiguous_month_fixed),
	branch_from_title: pair(m.problem_branch_from_title, m.hint_branch_from_title),
	branch_from_filename: pair(m.problem_branch_from_filename, m.hint_branch_from_filename),
	encoding_guess: pair(m.problem_encoding_guess, m.hint_encoding_guess)
};

/** Variants of a code whose text depends on what the problem is about. */
function variant(p: Problem): [Text, Text] {
	const params = p.params ?? {};
	if (p.code === 'unknown_branch' && p.row === null)
		return pair(m.problem_unknown_branch_option, m.hint_unknown_branch_option);
	if (p.code === 'no_branch' && p.row !== null)
		return pair(m.problem_no_branch_row, m.hint_no_branch_row);
	if (p.code === 'duplicate_row' && params.metric !== undefined)
		return pair(m.problem_duplicate_row_metric, m.hint_duplicate_row_metric);
	if (p.code === 'exceeds_total' && params.totalRow !== undefined)
		return pair(m.problem_exceeds_total_long, m.hint_exceeds_total_long);
	return MESSAGES[p.code] ?? MESSAGES.internal_error;
}

const METRIC_PARAMS = ['metric', 'numerator', 'denominator', 'totalMetric'];
/** Display names of the detected encodings (the same in both languages). */
export const ENCODING_NAMES: Record<string, string> = {
	'utf-8': 'UTF-8',
	'utf-8-bom': 'UTF-8 (BOM)',
	'utf-16le': 'UTF-16LE',
	'utf-16be': 'UTF-16BE',
	gb18030: 'GB18030 (GBK)'
};

function megabytes(bytes: string | number): string {
	const mb = Number(bytes) / (1024 * 1024);
	return mb >= 10 ? mb.toFixed(0) : mb.toFixed(1);
}

/** The message inputs: row, column and value (empty when absent) and localised parameters. */
function inputs(p: Problem, locale: ProblemLocale): Inputs {
	const en = locale === 'en';
	const params = p.params ?? {};
	const out: Inputs = { ...params, row: p.row ?? '', column: p.column ?? '', value: p.value ?? '' };
	for (const key of METRIC_PARAMS) {
		const metric = params[key] !== undefined ? findMetric(String(params[key])) : undefined;
		if (metric) out[key] = en ? metric.en : metric.zh;
	}
	for (const key of ['branch', 'chosen', 'found']) {
		const name = params[`${key}${en ? 'NameEn' : 'Name'}`];
		if (name !== undefined) out[key] = name;
	}
	if (params.encoding !== undefined)
		out.encoding = ENCODING_NAMES[String(params.encoding)] ?? params.encoding;
	if (params.marker !== undefined)
		out.marker = ENCODING_NAMES[String(params.marker)] ?? params.marker;
	if (typeof params.max === 'number' && p.code === 'count_too_large')
		out.max = params.max.toLocaleString('en-US');
	// File text cut to 200 characters where the problem was made: say how long it really was.
	for (const [key, length] of Object.entries(params)) {
		const name = key.endsWith('Length') ? key.slice(0, -'Length'.length) : '';
		const text = out[name];
		if (!name || typeof length !== 'number' || typeof text !== 'string') continue;
		out[name] = m.problem_text_length(
			{ text: text.replace(/…$/, ''), length: length.toLocaleString('en-US') },
			{ locale }
		);
	}
	if (params.rows !== undefined && !en) out.rows = String(params.rows).replaceAll(', ', '、');
	if (params.size !== undefined) out.size = megabytes(params.size);
	if (params.max !== undefined && p.code !== 'count_too_large') out.max = megabytes(params.max);
	return out;
}

/** The text of a problem in the given locale: what is wrong (row, column, value) and what to do. */
export function problemMessage(
	p: Problem,
	locale: ProblemLocale
): { message: string; hint: string } {
	const [message, hint] = variant(p);
	const i = inputs(p, locale);
	return { message: message(i, { locale }), hint: hint(i, { locale }) };
}
