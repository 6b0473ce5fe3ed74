/**
 * The one place where the two stores' SQL differs: which dialect a Kysely instance speaks, the
 * column types and the few expressions (JSON paths, string aggregation) that are spelled
 * differently on SQLite and PostgreSQL. Migrations and queries use these instead of branching
 * themselves, so a third dialect (KingbaseES, openGauss) would be added here.
 */
import {
	PostgresAdapter,
	sql,
	type ColumnDataType,
	type ColumnDefinitionBuilder,
	type Expression,
	type Kysely,
	type RawBuilder
} from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** The dialect of `db` (a Kysely instance or transaction of either store). */
export function dialectOf(db: Pick<Kysely<unknown>, 'getExecutor'>): Dialect {
	return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Whether a database location names a PostgreSQL server (`postgres://` or `postgresql://`). */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/** Portable column types for the schema builder. */
export function columnTypes(db: Pick<Kysely<unknown>, 'getExecutor'>) {
	const pg = dialectOf(db) === 'postgres';
	return {
		/** An integer primary key the database numbers (`integer … autoincrement` / `serial`). */
		id: (pg ? 'serial' : 'integer') as ColumnDataType,
		/** Modifiers of that key column. */
		idColumn: (c: ColumnDefinitionBuilder) =>
			pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
		/** A double-precision float (SQLite's `real` is 8 bytes; PostgreSQL's is 4). */
		float: (pg ? 'double precision' : 'real') as ColumnDataType,
		/** Bytes (files, images). */
		blob: (pg ? 'bytea' : 'blob') as ColumnDataType,
		/** A 64-bit integer (byte counts, epoch milliseconds). */
		bigint: (pg ? 'bigint' : 'integer') as ColumnDataType
	};
}

/**
 * Modifiers appended to `create table` on this dialect: SQLite stores tables with a text primary
 * key without the hidden rowid (half the B-trees); PostgreSQL has no such option.
 */
export const withoutRowid = (db: Pick<Kysely<unknown>, 'getExecutor'>): RawBuilder<unknown> =>
	dialectOf(db) === 'postgres' ? sql`` : sql`without rowid`;

type PathStep = string | number;

function pgPath(path: PathStep[]): string {
	return `{${path.join(',')}}`;
}

function sqlitePath(path: PathStep[]): string {
	return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

/**
 * The SQL value at `path` inside the JSON text `column` (`->>`): a number or text on SQLite, text
 * on PostgreSQL, so `as` casts it where a number is wanted.
 */
export function jsonValue<T>(
	db: Pick<Kysely<unknown>, 'getExecutor'>,
	column: string,
	path: PathStep[],
	as: 'text' | 'number' = 'text'
): RawBuilder<T> {
	if (dialectOf(db) === 'postgres') {
		const text = sql`(${sql.ref(column)}::jsonb #>> ${sql.lit(pgPath(path))})`;
		return (as === 'number' ? sql<T>`${text}::double precision` : sql<T>`${text}`) as RawBuilder<T>;
	}
	return sql<T>`${sql.ref(column)} ->> ${sql.lit(sqlitePath(path))}`;
}

/** Whether the JSON text `column` has a value at `path`. */
export function jsonHas(
	db: Pick<Kysely<unknown>, 'getExecutor'>,
	column: string,
	path: PathStep[]
): RawBuilder<boolean> {
	if (dialectOf(db) === 'postgres')
		return sql<boolean>`(${sql.ref(column)}::jsonb #> ${sql.lit(pgPath(path))}) is not null`;
	return sql<boolean>`${sql.ref(column)} -> ${sql.lit(sqlitePath(path))} is not null`;
}

/** The length of the JSON array text `column`. */
export function jsonArrayLength(
	db: Pick<Kysely<unknown>, 'getExecutor'>,
	column: string
): RawBuilder<number> {
	return dialectOf(db) === 'postgres'
		? sql<number>`jsonb_array_length(${sql.ref(column)}::jsonb)`
		: sql<number>`json_array_length(${sql.ref(column)})`;
}

/** The texts of a group joined by `separator` (`group_concat` / `string_agg`), in no set order. */
export function stringAgg(
	db: Pick<Kysely<unknown>, 'getExecutor'>,
	value: Expression<string>,
	separator: string
): RawBuilder<string> {
	return dialectOf(db) === 'postgres'
		? sql<string>`string_agg(${value}, ${sql.lit(separator)})`
		: sql<string>`group_concat(${value}, ${sql.lit(separator)})`;
}
