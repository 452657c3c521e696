export * from './errors';
export * from './lead';
export * from './rule';
export * from './operator-catalog';
export * from './fact-registry';
