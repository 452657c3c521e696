import { Injectable } from '@nestjs/common';
import { addFlows, stageTrend, type StageTrendDay, utcDay } from '@leadflow/domain';
import {
  LeadsRepository,
  QualificationCriteriaRepository,
  StageHistoryRepository,
  StageMovesRepository,
} from '@leadflow/persistence';

export interface StageTrend {
  days: number;
  /** the criteria's stages, lowest minimum score first */
  stages: string[];
  trend: StageTrendDay[];
}

/**
 * Leads entering and leaving each qualification stage per UTC day, from the scoring's stage changes and
 * workflows' stage moves, with the leads in each stage at each day's end walked back from the counts now.
 */
@Injectable()
export class StageTrendService {
  constructor(
    private readonly stageChanges: StageHistoryRepository,
    private readonly stageMoves: StageMovesRepository,
    private readonly criteria: QualificationCriteriaRepository,
    private readonly leads: LeadsRepository,
  ) {}

  async trend(days: number, now = new Date()): Promise<StageTrend> {
    const today = utcDay(now);
    const firstDay = today - days + 1;
    const criteria = await this.criteria.all();
    const stages = [
      ...new Set([...criteria].sort((a, b) => a.minimum_score - b.minimum_score).map((c) => c.stage)),
    ];
    const [changes, moves, leadsNow] = await Promise.all([
      this.stageChanges.flowsPerDay(firstDay, today, now),
      this.stageMoves.flowsPerDay(firstDay, today, now),
      Promise.all(stages.map(async (stage) => [stage, await this.leads.countInStage(stage)] as const)),
    ]);
    const flows = changes.map((day, index) =>
      addFlows(
        day.day,
        [day, moves[index]].filter((flow) => flow !== undefined),
      ),
    );
    return { days, stages, trend: stageTrend(flows, stages, Object.fromEntries(leadsNow)) };
  }
}
