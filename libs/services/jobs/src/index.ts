export * from './queues';
export * from './redis-options';
export * from './jobs.module';
export * from './lead-rescoring.service';
export * from './job-snapshot';
export * from './registered-queues';
export * from './queue-reachability';
export * from './queue-reachability.service';
export { pauseAndDrain } from './queue-shutdown';
