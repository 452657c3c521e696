export * from './types';
export * from './job-level';
export * from './company-keys';
export * from './csv';
export * from './company-dataset';
