export * from './context';
export * from './private-redis';
export * from './private-temporal';
export { repoRoot, temporalTestServerPath } from './services';
export * from './build';
export * from './auth';
export * from './http';
export * from './worker-process';
export * from './until';
