import { describe, expect, it } from 'vitest';
import { describeLocation, isPostgresUrl } from '.';

describe('store locations', () => {
	it('tells a PostgreSQL URL from a SQLite path', () => {
		expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
		expect(isPostgresUrl('postgresql://u@h/db')).toBe(true);
		expect(isPostgresUrl('data/postgres.db')).toBe(false);
	});

	it('logs a PostgreSQL URL without its password', () => {
		expect(describeLocation('postgres://app:s3cret@db.internal:5432/pace?schema=p1')).toBe(
			'postgres://app:***@db.internal:5432/pace?schema=p1'
		);
		expect(describeLocation('data/pacesetter.db')).toBe('data/pacesetter.db');
	});
});
