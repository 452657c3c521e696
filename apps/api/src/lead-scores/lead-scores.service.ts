import { Injectable } from '@nestjs/common';
import { capCutLine, DomainError, ErrorCode } from '@leadflow/domain';
import type { CurrentScoreFilter, LeadScoreRecord, StageChangeRecord } from '@leadflow/persistence';
import {
  type BulkJobStatus,
  BulkScoringService,
  leadName,
  type ScoreDistribution,
  type ScoreExplanation,
  type ScoredLead,
  ScoringService,
  type SimulationRequest,
  type SimulationResult,
  SimulationService,
} from '@leadflow/scoring';
import { MAX_PAGE_SIZE } from '../http/pagination';

/** A score as the guide prints it, plus the rule-set version and the rules that matched. */
export interface LeadScoreView {
  id: number;
  lead: number;
  lead_name: string;
  score: number;
  previous_score: number;
  score_change: number;
  score_breakdown: LeadScoreRecord['score_breakdown'];
  qualification_stage: string;
  grade: LeadScoreRecord['grade'];
  capped?: string[];
  calculated_at: Date;
  rule_set_version: number;
  inputs_version: number;
  matched_rules: LeadScoreRecord['matched_rules'];
  explanation?: ScoreExplanation;
}

function toView(score: LeadScoreRecord, lead: ScoredLead): LeadScoreView {
  return {
    id: score.id,
    lead: score.lead_id,
    lead_name: leadName(lead),
    score: score.score,
    previous_score: score.previous_score,
    score_change: score.score_change,
    score_breakdown: score.score_breakdown,
    qualification_stage: score.qualification_stage,
    grade: score.grade ?? null,
    ...(score.capped && score.capped.length > 0 ? { capped: score.capped.map(capCutLine) } : {}),
    calculated_at: score.calculated_at,
    rule_set_version: score.rule_set_version,
    inputs_version: score.inputs_version,
    matched_rules: score.matched_rules,
  };
}

@Injectable()
export class LeadScoresService {
  constructor(
    private readonly scoring: ScoringService,
    private readonly bulk: BulkScoringService,
    private readonly simulation: SimulationService,
  ) {}

  async calculate(leadId: number): Promise<LeadScoreView> {
    const { score, lead, explanation } = await this.scoring.calculate(leadId, { explain: true });
    return { ...toView(score, lead), ...(explanation ? { explanation } : {}) };
  }

  /** Newest first; every entry unless a page is asked for (at most MAX_PAGE_SIZE per page). */
  async history(leadId: number, page: { skip: number; limit: number } | undefined): Promise<LeadScoreView[]> {
    const lead = await this.scoring.requireLead(leadId);
    const window = page ?? { skip: 0, limit: MAX_PAGE_SIZE };
    const { results } = await this.scoring.history(leadId, window.skip, window.limit);
    return results.map((score) => toView(score, lead));
  }

  async current(
    filter: CurrentScoreFilter,
    skip: number,
    limit: number,
  ): Promise<{ count: number; results: LeadScoreView[] }> {
    const { count, results } = await this.scoring.currentScores(filter, skip, limit);
    return { count, results: results.map(({ score, lead }) => toView(score, lead)) };
  }

  simulate(request: SimulationRequest): Promise<SimulationResult> {
    return this.simulation.simulate(request);
  }

  stageChanges(leadId: number): Promise<StageChangeRecord[]> {
    return this.scoring.stageChanges(leadId);
  }

  distribution(): Promise<ScoreDistribution> {
    return this.scoring.distribution();
  }

  /** Bulk runs live in Redis: while it is down, starting or reading one answers a 503 at once. */
  startBulk(request: { lead_ids?: number[]; recalculate_all?: boolean }): Promise<BulkJobStatus> {
    const all = request.recalculate_all === true;
    const ids = request.lead_ids ?? [];
    if (all === ids.length > 0) {
      const message = 'send either lead_ids (a non-empty list) or recalculate_all: true';
      throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ pointer: '', code: 'ONE_OF', message }]);
    }
    // Not under the queue timeout: a run over every lead first counts them in the database.
    this.bulk.assertReachable();
    return this.bulk.enqueue(all ? { recalculate_all: true } : { lead_ids: ids });
  }

  bulkStatus(jobId: string): Promise<BulkJobStatus> {
    return this.bulk.whileReachable(() => this.bulk.status(jobId));
  }
}
