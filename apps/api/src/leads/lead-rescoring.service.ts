// The producer lives in @leadflow/jobs, so that the worker (enrichment jobs) queues rescoring the same way.
export { LeadRescoringService, scoringJobId } from '@leadflow/jobs';
