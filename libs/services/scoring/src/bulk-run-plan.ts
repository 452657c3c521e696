import type { BulkScoringChunkJob } from '@leadflow/jobs';

/** Job names on the `bulk-scoring` queue: a run (what the API returns the id of) and its chunks. */
export const BULK_JOBS = { run: 'run', chunk: 'chunk' } as const;

/** What a run job returns once it has cut its chunks: where the status endpoint finds them. */
export interface BulkRunPlan {
  run_id: string;
  total: number;
  chunks: number;
}

/** Chunk jobs have fixed ids, so a run job done again (after a crash) adds none twice. */
export function chunkJobId(runId: string, index: number): string {
  return `${runId}-chunk-${index}`;
}

type ChunkBase = Pick<BulkScoringChunkJob, 'run_id' | 'calculated_at' | 'rule_set_version'>;

/**
 * Cuts the run's leads into chunk jobs of at most `size` leads: explicit ids as lists, every lead (sorted
 * ids) as id ranges, so that a chunk's payload stays small however large the run.
 */
export function planChunks(
  base: ChunkBase,
  ids: readonly number[],
  size: number,
  asRanges: boolean,
): BulkScoringChunkJob[] {
  const chunks: BulkScoringChunkJob[] = [];
  for (let start = 0; start < ids.length; start += size) {
    const slice = ids.slice(start, start + size);
    chunks.push(
      asRanges
        ? { ...base, size: slice.length, from_id: slice[0] ?? 0, to_id: slice.at(-1) ?? 0 }
        : { ...base, size: slice.length, lead_ids: slice },
    );
  }
  return chunks;
}
