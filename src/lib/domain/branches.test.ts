import { describe, expect, it } from 'vitest';
import { BranchRegistry, branchesFromRecords } from './branches';

const records = (csv: string) => csv.split('\n').map((l) => l.split(','));

describe('branchesFromRecords', () => {
	it('reads the English short name charts label with, and finds a branch by it', () => {
		const [b] = branchesFromRecords(
			records(
				'slug,name,short,name_en,short_en\nfirst,第一检察部党支部,第一检察部,First Procuratorial Department Branch,1st Procuratorial'
			)
		);
		expect(b.shortEn).toBe('1st Procuratorial');
		expect(new BranchRegistry([b]).find('1st procuratorial')?.slug).toBe('first');
	});

	it('falls back to the English name less " Branch" for a registry without short_en', () => {
		const [b] = branchesFromRecords(
			records('slug,name,name_en\noffice,办公室党支部,General Office Branch')
		);
		expect(b.shortEn).toBe('General Office');
	});
});
