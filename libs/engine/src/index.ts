export * from './condition-closures';
export * from './compiled-rule-set';
export * from './rule-set';
export * from './score-lead';
export * from './json-rules-engine-evaluator';
export * from './rule-set-cache';
export * from './condition';
export * from './triggers';
