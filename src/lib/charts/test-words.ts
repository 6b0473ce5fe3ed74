/** Words for chart tests (zh), as the overview passes them from its messages. */
import type { FigureWords } from './words';

export const ZH_WORDS: FigureWords = {
	branch: '党支部',
	value: '数值',
	reported: '已填报月份',
	rank: '排名',
	notReported: '未填报',
	partial: '部分月份',
	previous: '上期'
};
