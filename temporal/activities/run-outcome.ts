import type { WorkflowExecutionsRepository } from '@leadflow/persistence';
import { mostAttempts, type QualificationProgress } from '../contracts/qualification';

type StoredOutcome = Parameters<WorkflowExecutionsRepository['finish']>[1];

/** What an execution stores of how its run ended; null while it runs (nothing to store yet). */
export function storedOutcome(progress: QualificationProgress): StoredOutcome | null {
  if (progress.status === 'running') return null;
  return {
    status: progress.status,
    steps: progress.steps as unknown as Record<string, unknown>[],
    attempts: mostAttempts(progress.steps),
    error: progress.error ?? null,
  };
}
