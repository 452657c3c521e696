import { Process, Processor } from '@nestjs/bull';
import { QUEUES } from '@leadflow/jobs';
import { PredictiveScoreService } from '../predictive-score.service';

/** The nightly refit of the win model and refresh of the predictions, on the `maintenance` queue. */
export const PREDICTIVE_REFRESH = 'predictive-refresh';

@Processor(QUEUES.maintenance)
export class PredictiveRefreshProcessor {
  constructor(private readonly predictive: PredictiveScoreService) {}

  /** Refits on the leads decided so far and rewrites every open lead's prediction. */
  @Process({ name: PREDICTIVE_REFRESH })
  refresh(): Promise<{ model_version: number | null; predicted: number }> {
    return this.predictive.nightly();
  }
}
