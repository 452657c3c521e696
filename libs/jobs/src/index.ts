export * from './queues';
export * from './redis-options';
export * from './jobs.module';
