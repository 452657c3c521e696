// The workflows the Leadflow worker runs. Workflow code is deterministic and imports with relative paths
// only (the Temporal bundler does not read tsconfig paths): no Node built-ins, no Date.now, no Math.random.
export { qualificationWorkflow, progressQuery, cancelSignal } from './qualification.workflow';
export { leadEventWorkflow, runProgressQuery, cancelRunSignal } from './lead-event.workflow';
export { scheduledTickWorkflow } from './scheduled-tick.workflow';
