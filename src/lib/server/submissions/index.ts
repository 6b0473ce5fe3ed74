/** The monthly reporting cycle: submissions and their review (`store.ts`), where it stands (`cycle.ts`). */
export * from './store';
export * from './cycle';
export * from './pending';
export * from './texts';
export * from './template';
