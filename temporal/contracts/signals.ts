// The signals and queries of the workflows, defined here so that whoever signals or queries a run (the
// Nest service that cancels runs, tests) imports the contract, never the workflow code itself.
// defineSignal/defineQuery only name a handler: this file is deterministic and safe inside the workflow bundle.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { QualificationProgress } from './qualification';

/** A one-definition run's progress (runs started before lead event runs). */
export const progressQuery = defineQuery<QualificationProgress>('progress');
/** Stops a one-definition run. */
export const cancelSignal = defineSignal<[reason?: string]>('cancel');

/** One definition's progress in a lead event run, by its execution key; null for a key the run does not hold. */
export const runProgressQuery = defineQuery<QualificationProgress | null, [executionKey: string]>(
  'runProgress',
);
/** Stops one definition's run in a lead event run (the others go on), by its execution key. */
export const cancelRunSignal = defineSignal<[executionKey: string, reason?: string]>('cancelRun');
