export * from './active-rule-set';
export * from './bulk-scoring.service';
export * from './lead-source';
export * from './rule-set-publisher';
export * from './scoring.service';
export * from './scoring.module';
export * from './scoring-worker.module';
