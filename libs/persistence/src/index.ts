export * from './mongo-connection';
export * from './persistence.module';
export * from './sequential-ids';
export * from './users/user.schema';
export * from './users/user.repository';
export * from './users/auth-persistence.module';
export * from './api-keys/api-key.schema';
export * from './api-keys/api-key.repository';
