export * from './context';
export * from './private-mongo';
export * from './private-redis';
export { repoRoot, temporalTestServerPath } from './services';
export * from './build';
export * from './auth';
export * from './http';
export * from './worker-process';
export * from './until';
