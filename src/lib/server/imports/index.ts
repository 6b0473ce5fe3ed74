/**
 * Imports: plan and apply (all-or-nothing, `apply.ts`), revert and restore (`revert.ts`), the
 * history (`history.ts`), one import's cells (`detail.ts`) and completeness (`completeness.ts`).
 */
export * from './apply';
export * from './revert';
export * from './history';
export * from './detail';
export * from './completeness';
