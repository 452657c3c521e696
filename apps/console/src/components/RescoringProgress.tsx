import { useEffect, useState } from 'react';
import { api } from '../api/client';

interface BulkStatus {
  state: string;
  total: number;
  processed: number;
  failed: number;
}

/** How often a running rescoring is asked for its progress. */
const POLL_MS = 1000;

/** The bulk rescoring a publish started or joined (rescore_on_publish), followed until it has finished. */
export function RescoringProgress({ jobId }: { jobId: string }) {
  const [status, setStatus] = useState<BulkStatus>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.get<BulkStatus>(
          `/api/lead-qualification/lead-scores/bulk_calculate/${jobId}/`,
        );
        if (!active) return;
        setStatus(next);
        if (next.state !== 'completed' && next.state !== 'failed')
          timer = setTimeout(() => void poll(), POLL_MS);
      } catch (error) {
        if (active) setFailure(error instanceof Error ? error.message : String(error));
      }
    };
    void poll();
    return () => {
      active = false;
      if (timer) clearTimeout(timer);
    };
  }, [jobId]);
  if (failure)
    return (
      <p role="status">
        Rescoring job {jobId}: {failure}
      </p>
    );
  const done = status?.state === 'completed';
  // a publish while another rescoring runs queues one held until it is done (it scores with the newest version)
  const held = status?.state === 'delayed';
  const what = done
    ? 'Rescored every lead'
    : held
      ? 'Rescoring every lead, after the one running'
      : 'Rescoring every lead';
  return (
    <p role="status" aria-live="polite">
      {what} (job {jobId}): <progress max={Math.max(status?.total ?? 0, 1)} value={status?.processed ?? 0} />{' '}
      {status
        ? `${status.processed} of ${status.total}${status.failed ? `, ${status.failed} failed` : ''}`
        : '…'}
    </p>
  );
}
