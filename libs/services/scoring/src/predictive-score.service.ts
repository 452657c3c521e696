import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '@leadflow/config';
import { DomainError, ErrorCode, predictLogistic } from '@leadflow/domain';
import { scoreInputs } from '@leadflow/engine';
import { LeadsRepository, type WinModelRecord, WinModelsRepository } from '@leadflow/persistence';
import { ActiveRuleSet } from './active-rule-set';
import { ConversionAnalyticsService } from './conversion-analytics.service';
import { LeadSource } from './lead-source';

/** Open leads predicted per round: one read of leads and activities, one bulk write. */
const PREDICTION_PAGE = 500;

/**
 * The predictive score (off by default, PREDICTIVE_SCORE): the win model fitted on the decided leads (the
 * analytics' L2 logistic regression on rule matches), stored as a version, and its win probability for every
 * open lead, stored on the lead with that version. A fit is stored whether or not the score is on, so the
 * model card is there to read; predictions are written only while it is on.
 */
@Injectable()
export class PredictiveScoreService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly analytics: ConversionAnalyticsService,
    private readonly models: WinModelsRepository,
    private readonly leads: LeadsRepository,
    private readonly leadSource: LeadSource,
    private readonly activeRuleSet: ActiveRuleSet,
  ) {}

  get enabled(): boolean {
    return this.config.PREDICTIVE_SCORE;
  }

  latest(): Promise<WinModelRecord | null> {
    return this.models.latest();
  }

  /** Fits a new version on the decided leads (409 without both won and lost ones) and refreshes the predictions. */
  async fit(now = new Date()): Promise<{ model: WinModelRecord; predicted: number }> {
    const fitted = await this.fitIfPossible(now);
    if (!fitted) {
      throw new DomainError(
        ErrorCode.CONFLICT,
        'the win model needs active rules and both won and lost leads to learn from',
      );
    }
    return fitted;
  }

  /**
   * The nightly job: a new fit when the decided leads allow one, else the latest model's predictions
   * refreshed (open leads' facts move with time); nothing before any model exists.
   */
  async nightly(now = new Date()): Promise<{ model_version: number | null; predicted: number }> {
    const fitted = await this.fitIfPossible(now);
    if (fitted) return { model_version: fitted.model.id, predicted: fitted.predicted };
    const latest = await this.models.latest();
    return latest
      ? { model_version: latest.id, predicted: await this.refresh(latest, now) }
      : { model_version: null, predicted: 0 };
  }

  private async fitIfPossible(now: Date): Promise<{ model: WinModelRecord; predicted: number } | null> {
    const report = await this.analytics.current(now);
    if (!report.model) return null;
    const model = await this.models.add({
      fitted_at: now,
      rule_set_version: report.rule_set_version,
      features: report.rules.map(({ rule_id, name, coefficient }) => ({ rule_id, name, coefficient })),
      intercept: report.model.intercept,
      lambda: report.model.lambda,
      sample_size: report.model.sample_size,
      held_out_size: report.model.held_out_size,
      held_out_auc: report.model.held_out_auc,
    });
    return { model, predicted: await this.refresh(model, now) };
  }

  /**
   * The model's win probability for every open lead, from its facts now and the rules of the model's own
   * rule-set version (the features it was fitted on). Returns how many leads it wrote; 0 while off.
   */
  async refresh(model: WinModelRecord, now = new Date()): Promise<number> {
    if (!this.enabled) return 0;
    const { ruleSet } = await this.activeRuleSet.at(model.rule_set_version);
    const fit = {
      intercept: model.intercept,
      coefficients: model.features.map((feature) => feature.coefficient),
    };
    let written = 0;
    for (let after = 0; ;) {
      const ids = await this.leads.openIds(after, PREDICTION_PAGE);
      if (ids.length === 0) return written;
      const [leads, activities] = await Promise.all([
        this.leadSource.findMany(ids),
        this.leadSource.activitiesOfMany(ids),
      ]);
      const predictions = leads.map((lead) => {
        const input = { lead, activities: activities.get(lead.id) ?? [], now };
        const matched = new Set(
          scoreInputs(ruleSet, this.activeRuleSet.registry, input).result.matched.map((rule) => rule.rule_id),
        );
        const row = model.features.map((feature) => (matched.has(feature.rule_id) ? 1 : 0));
        return { id: lead.id, probability: predictLogistic(fit, row) };
      });
      await this.leads.setPredictions(predictions, model.id);
      written += predictions.length;
      after = ids[ids.length - 1] ?? after;
    }
  }
}
