export * from './temporal-connection';
export * from './temporal-client.module';
export * from './history';
export * from './schedules';
export * from './temporal-unavailable';
