export * from './mongo-connection';
export * from './persistence.module';
export * from './sequential-ids';
