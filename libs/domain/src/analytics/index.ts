export * from './intervals';
export * from './logistic';
export * from './model-quality';
export * from './conversion-report';
