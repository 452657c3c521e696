export * from './context';
export * from './private-redis';
export { repoRoot } from './services';
export * from './build';
