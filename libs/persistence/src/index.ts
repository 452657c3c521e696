export * from './mongo-connection';
export * from './persistence.module';
