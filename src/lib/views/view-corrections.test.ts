import { describe, expect, it } from 'vitest';
import { correctionNote } from './view-corrections';
import { readView } from './view-params';

const read = (q: string) => readView(new URLSearchParams(q), '2021-12');

describe('correctionNote', () => {
	it('is null when nothing was corrected', () => {
		const { view, corrections } = read('from=2021-01&to=2021-12');
		expect(correctionNote(corrections, view, 'zh')).toBeNull();
	});

	it('names each correction and what is shown now, in the language asked', () => {
		const { view, corrections } = read('from=2020-13&to=2021-06&metrics=bogus,members,fake');
		const zh = correctionNote(corrections, view, 'zh')!;
		expect(zh.title).toBe('链接中的部分参数无效，已更正：');
		expect(zh.items).toHaveLength(2);
		expect(zh.items[0]).toContain('“2020-13”不是有效月份');
		expect(zh.items[1]).toContain('未知指标“bogus、fake”');
		expect(zh.now).toMatch(/^现显示 .*2021-06/);
		const en = correctionNote(corrections, view, 'en')!;
		expect(en.title).toBe('Some parameters in the link were invalid and have been corrected:');
		expect(en.items[1]).toContain('bogus, fake');
		expect(en.now).toMatch(/^Now showing .*2021-06/);
	});
});
