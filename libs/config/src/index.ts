export * from './config.schema';
export * from './load-config';
export * from './cli-config';
export * from './config.module';
