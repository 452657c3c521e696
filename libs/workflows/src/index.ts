export * from './workflow-definitions.service';
export * from './workflow-launcher.service';
export * from './workflow-runs.service';
export * from './workflow-triggers.service';
export * from './workflows.module';
export * from './lead-events';
export * from './history-timeline';
