/**
 * Schema migrations, applied in order on start, on SQLite and PostgreSQL alike. Append only; never
 * edit a shipped one (beyond what a new dialect needs: its SQLite output stays the same). Column
 * types and the few spellings that differ come from `dialect.ts`.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes, dialectOf, withoutRowid } from './dialect';

export const migrations: Record<string, Migration> = {
	'0001_initial': {
		async up(db: Kysely<unknown>) {
			const t = columnTypes(db);
			await db.schema
				.createTable('branches')
				.addColumn('slug', 'text', (c) => c.primaryKey())
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('short', 'text', (c) => c.notNull())
				.addColumn('name_en', 'text', (c) => c.notNull())
				.addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
				.addColumn('colour', 'text', (c) => c.notNull())
				.addColumn('sort', 'integer', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('imports')
				.addColumn('id', t.id, t.idColumn)
				.addColumn('file_name', 'text', (c) => c.notNull())
				.addColumn('sha256', 'text', (c) => c.notNull())
				.addColumn('size', 'integer', (c) => c.notNull())
				.addColumn('encoding', 'text', (c) => c.notNull())
				.addColumn('format', 'text', (c) => c.notNull())
				.addColumn('imported_at', 'text', (c) => c.notNull())
				.addColumn('imported_by', 'text', (c) => c.notNull())
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('reverted_at', 'text')
				.addColumn('branches', 'text', (c) => c.notNull())
				.addColumn('month_from', 'text', (c) => c.notNull())
				.addColumn('month_to', 'text', (c) => c.notNull())
				.addColumn('rows', 'integer', (c) => c.notNull())
				.addColumn('cells', 'integer', (c) => c.notNull())
				.addColumn('cells_new', 'integer', (c) => c.notNull())
				.addColumn('cells_replaced', 'integer', (c) => c.notNull())
				.addColumn('cells_unchanged', 'integer', (c) => c.notNull())
				.addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
				.execute();
			await db.schema.createIndex('imports_sha256').on('imports').column('sha256').execute();
			await db.schema
				.createTable('observations')
				.addColumn('id', t.id, t.idColumn)
				.addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id'))
				.addColumn('branch', 'text', (c) => c.notNull())
				.addColumn('month', 'text', (c) => c.notNull())
				.addColumn('metric', 'text', (c) => c.notNull())
				.addColumn('value', t.float, (c) => c.notNull())
				.addColumn('source_row', 'integer', (c) => c.notNull())
				.addColumn('source_column', 'text', (c) => c.notNull())
				.addColumn('raw', 'text', (c) => c.notNull())
				.addColumn('prev_value', t.float)
				.execute();
			await db.schema
				.createIndex('observations_import')
				.on('observations')
				.column('import_id')
				.execute();
			// The fallback on revert looks up a cell's observations newest first.
			await db.schema
				.createIndex('observations_cell')
				.on('observations')
				.columns(['branch', 'metric', 'month', 'import_id'])
				.execute();
			await db.schema
				.createTable('current_values')
				.addColumn('branch', 'text', (c) => c.notNull())
				.addColumn('month', 'text', (c) => c.notNull())
				.addColumn('metric', 'text', (c) => c.notNull())
				.addColumn('value', t.float, (c) => c.notNull())
				.addColumn('observation_id', 'integer', (c) => c.notNull())
				.addColumn('import_id', 'integer', (c) => c.notNull())
				.addPrimaryKeyConstraint('current_values_pk', ['branch', 'month', 'metric'])
				.modifyEnd(withoutRowid(db))
				.execute();
			await db.schema
				.createIndex('current_values_period')
				.on('current_values')
				.columns(['month', 'metric'])
				.execute();
			await db.schema
				.createIndex('current_values_import')
				.on('current_values')
				.column('import_id')
				.execute();
			await db.schema
				.createTable('meta')
				.addColumn('key', 'text', (c) => c.primaryKey())
				.addColumn('value', 'text', (c) => c.notNull())
				.execute();
		}
	},
	'0002_write_friendly_indexes': {
		// An import writes cells in file order: branch, month, then the metrics. Indexes in that order
		// take appends; the old (month, metric) and (branch, metric, month) orders took a random
		// B-tree insert per cell and made a province-scale import five times slower. Views no longer
		// read cells by month (they aggregate an in-memory snapshot), so the first is dropped.
		async up(db: Kysely<unknown>) {
			await db.schema.dropIndex('current_values_period').execute();
			await db.schema.dropIndex('current_values_import').execute();
			await db.schema.dropIndex('observations_cell').execute();
			await db.schema
				.createIndex('observations_cell')
				.on('observations')
				.columns(['branch', 'month', 'metric', 'import_id'])
				.execute();
		}
	},
	'0003_packed_cells': {
		// One history row and one current row per branch × month (a wide file's row) instead of two
		// B-tree rows per cell: a province-scale import writes ~60 k rows instead of 2.6 M. Existing
		// observations and current values are converted, then the per-cell tables dropped; views of
		// the old shape (`current_values`, `import_cells`) keep ad-hoc SQL and the few non-hot readers
		// working. Encodings: see `packed.ts`.
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('import_rows')
				.addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id'))
				.addColumn('branch', 'text', (c) => c.notNull())
				.addColumn('month', 'text', (c) => c.notNull())
				.addColumn('cells', 'text', (c) => c.notNull())
				.addPrimaryKeyConstraint('import_rows_pk', ['import_id', 'branch', 'month'])
				.modifyEnd(withoutRowid(db))
				.execute();
			// The fallback on revert: a branch × month's imports, newest first.
			await db.schema
				.createIndex('import_rows_cell')
				.on('import_rows')
				.columns(['branch', 'month', 'import_id'])
				.execute();
			await db.schema
				.createTable('current_rows')
				.addColumn('branch', 'text', (c) => c.notNull())
				.addColumn('month', 'text', (c) => c.notNull())
				.addColumn('cells', 'text', (c) => c.notNull())
				.addPrimaryKeyConstraint('current_rows_pk', ['branch', 'month'])
				.modifyEnd(withoutRowid(db))
				.execute();
			// Each import's column headers, numbered in order of first use.
			await db.schema
				.alterTable('imports')
				.addColumn('columns', 'text', (c) => c.notNull().defaultTo('[]'))
				.execute();
			// PostgreSQL stores start at the packed format: nothing to convert.
			if (dialectOf(db) === 'sqlite') {
				await sql`
					create temp table import_columns as
					select import_id, source_column,
						row_number() over (partition by import_id order by min(id)) - 1 as idx
					from observations group by import_id, source_column
				`.execute(db);
				await sql`
					update imports set columns = coalesce((
						select json_group_array(source_column order by idx) from import_columns
						where import_id = imports.id
					), '[]')
				`.execute(db);
				// Observation ids increase in file order within an import: they serve as the cells' order.
				await sql`
					insert into import_rows (import_id, branch, month, cells)
					select o.import_id, o.branch, o.month, json_group_array(
						json_array(o.id, o.metric, o.value, o.prev_value, o.source_row, c.idx, o.raw)
						order by o.id
					)
					from observations o
					join import_columns c on c.import_id = o.import_id and c.source_column = o.source_column
					group by o.import_id, o.branch, o.month
				`.execute(db);
				await sql`drop table import_columns`.execute(db);
				await sql`
					insert into current_rows (branch, month, cells)
					select branch, month, json_group_object(metric, json_array(value, import_id))
					from current_values group by branch, month
				`.execute(db);
			}
			await db.schema.dropTable('current_values').execute();
			await db.schema.dropTable('observations').execute();
			if (dialectOf(db) === 'postgres') {
				await sql`
					create view current_values as
					select r.branch as branch, r.month as month, j.key as metric,
						(j.value ->> 0)::double precision as value, (j.value ->> 1)::integer as import_id
					from current_rows r, jsonb_each(r.cells::jsonb) j
				`.execute(db);
				await sql`
					create view import_cells as
					select r.import_id as import_id, r.branch as branch, r.month as month,
						(c.value ->> 0)::integer as seq, c.value ->> 1 as metric,
						(c.value ->> 2)::double precision as value,
						(c.value ->> 3)::double precision as prev_value,
						(c.value ->> 4)::integer as source_row,
						i.columns::jsonb ->> (c.value ->> 5)::integer as source_column,
						coalesce(c.value ->> 6, c.value ->> 2) as raw
					from import_rows r join imports i on i.id = r.import_id,
						jsonb_array_elements(r.cells::jsonb) c
				`.execute(db);
				return;
			}
			await sql`
				create view current_values as
				select r.branch as branch, r.month as month, j.key as metric,
					j.value ->> 0 as value, j.value ->> 1 as import_id
				from current_rows r, json_each(r.cells) j
			`.execute(db);
			await sql`
				create view import_cells as
				select r.import_id as import_id, r.branch as branch, r.month as month,
					c.value ->> 0 as seq, c.value ->> 1 as metric, c.value ->> 2 as value,
					c.value ->> 3 as prev_value, c.value ->> 4 as source_row,
					i.columns ->> (c.value ->> 5) as source_column,
					coalesce(c.value ->> 6, c.value -> 2) as raw
				from import_rows r join imports i on i.id = r.import_id, json_each(r.cells) c
			`.execute(db);
		}
	},
	'0004_restored_at': {
		// A reverted import can be restored; the history shows when.
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('imports').addColumn('restored_at', 'text').execute();
		}
	},
	'0005_audit_and_sign_in_locks': {
		// The audit trail: append only (nothing updates or deletes it), written in the same transaction
		// as what it records. Accounts and sessions are better-auth's tables (`auth/index.ts`).
		async up(db: Kysely<unknown>) {
			const t = columnTypes(db);
			await db.schema
				.createTable('audit_log')
				.addColumn('id', t.id, t.idColumn)
				.addColumn('at', 'text', (c) => c.notNull())
				.addColumn('actor', 'text', (c) => c.notNull())
				.addColumn('role', 'text')
				.addColumn('address', 'text')
				.addColumn('agent', 'text')
				.addColumn('action', 'text', (c) => c.notNull())
				.addColumn('outcome', 'text', (c) => c.notNull())
				.addColumn('target', 'text')
				.addColumn('branch', 'text')
				.addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
				.execute();
			await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
			await db.schema
				.createIndex('audit_log_actor')
				.on('audit_log')
				.columns(['actor', 'at'])
				.execute();
			// Failed sign-ins per account (`user:<name>`) and per address (`addr:<ip>`).
			await db.schema
				.createTable('sign_in_failures')
				.addColumn('key', 'text', (c) => c.primaryKey())
				.addColumn('failures', 'integer', (c) => c.notNull())
				.addColumn('last_at', 'text', (c) => c.notNull())
				.addColumn('locked_until', 'text')
				.execute();
		}
	},
	'0006_branch_short_en': {
		// The English short name (`1st Procuratorial`) charts and exports label with; filled by the
		// registry sync on start.
		async up(db: Kysely<unknown>) {
			await db.schema
				.alterTable('branches')
				.addColumn('short_en', 'text', (c) => c.notNull().defaultTo(''))
				.execute();
		}
	},
	'0007_reporting_cycle': {
		// The monthly reporting cycle: a branch's submissions (the file whole, never deleted) with
		// their status history, and the reminders (催报) sent. Deadline settings live in `meta`.
		async up(db: Kysely<unknown>) {
			const t = columnTypes(db);
			await db.schema
				.createTable('submissions')
				.addColumn('id', t.id, t.idColumn)
				.addColumn('branch', 'text', (c) => c.notNull())
				.addColumn('file_name', 'text', (c) => c.notNull())
				// The branch picked in the browser for a file that names none (the pipeline needs it again).
				.addColumn('branch_picked', 'text')
				.addColumn('sha256', 'text', (c) => c.notNull())
				.addColumn('size', 'integer', (c) => c.notNull())
				.addColumn('encoding', 'text', (c) => c.notNull())
				.addColumn('bytes', t.blob, (c) => c.notNull())
				.addColumn('month_from', 'text', (c) => c.notNull())
				.addColumn('month_to', 'text', (c) => c.notNull())
				.addColumn('months', 'text', (c) => c.notNull())
				.addColumn('cells', 'integer', (c) => c.notNull())
				.addColumn('submitted_at', 'text', (c) => c.notNull())
				.addColumn('submitted_by', 'text', (c) => c.notNull())
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('decided_at', 'text')
				.addColumn('decided_by', 'text')
				.addColumn('comment', 'text')
				.addColumn('import_id', 'integer')
				.execute();
			await db.schema
				.createIndex('submissions_branch')
				.on('submissions')
				.columns(['branch', 'month_from'])
				.execute();
			await db.schema
				.createIndex('submissions_status')
				.on('submissions')
				.column('status')
				.execute();
			await db.schema
				.createTable('submission_events')
				.addColumn('id', t.id, t.idColumn)
				.addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id'))
				.addColumn('at', 'text', (c) => c.notNull())
				.addColumn('actor', 'text', (c) => c.notNull())
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('comment', 'text')
				.execute();
			await db.schema
				.createIndex('submission_events_submission')
				.on('submission_events')
				.column('submission_id')
				.execute();
			await db.schema
				.createTable('reminders')
				.addColumn('id', t.id, t.idColumn)
				.addColumn('branch', 'text', (c) => c.notNull())
				.addColumn('month', 'text', (c) => c.notNull())
				.addColumn('at', 'text', (c) => c.notNull())
				.addColumn('actor', 'text', (c) => c.notNull())
				.addColumn('text', 'text', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('reminders_month')
				.on('reminders')
				.columns(['month', 'branch'])
				.execute();
		}
	}
};
