import type { INestApplication } from '@nestjs/common';
import {
  entryAfter,
  type LeadDocument,
  LeadScoresRepository,
  LeadsRepository,
  revisionOf,
  StageHistoryRepository,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';
import {
  ActiveRuleSet,
  calculateLead,
  entryBeforeFromLead,
  type ScoredLead,
  ScoringService,
  scoreStateOf,
} from '@leadflow/scoring';
import { createTestContext } from '@leadflow/test-harness';
import {
  LeadOutbox,
  outboxItem,
  scoreCalculatedEvent,
  WorkflowDefinitionsService,
  WorkflowTriggers,
} from '@leadflow/qualification-runs';
import { createApp } from '../../apps/api/src/create-app';
import { QualificationCriteriaService } from '../../apps/api/src/qualification-criteria/qualification-criteria.service';
import { ScoringRulesService } from '../../apps/api/src/scoring-rules/scoring-rules.service';
import { MQL_AT_30 } from '../fixtures/criteria';

/** Well past ABANDONED_AFTER_MS: the writer of an item this old is taken to be dead. */
const LATER_MS = 60_000;

/**
 * A writer that dies after its calculation's conditional write and before recording what it decided
 * leaves the decision on the lead. The worker's sweep, or the next writer of the lead, records it: the
 * pending run once, and the history entry (from the lead's copy, its matched rules named from the
 * rule-set version).
 */
describe('outbox items a dead writer left behind', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let ruleId: number;

  beforeAll(async () => {
    app = await createApp(config);
    const { value: rule } = await app.get(ScoringRulesService).create(
      {
        name: 'Hot title',
        rule_type: 'demographic',
        field_name: 'title',
        operator: 'equals',
        value: 'Hot',
        points: 40,
      },
      null,
    );
    ruleId = rule.id;
    // Hot leads (40 points) reach MQL: their calculations move them to another stage.
    await app.get(QualificationCriteriaService).create(MQL_AT_30, null);
    await app.get(WorkflowDefinitionsService).create({
      name: 'Follow up at 30',
      trigger_type: 'score_threshold',
      trigger_config: { score: 30 },
      action_type: 'create_task',
      action_config: { title: 'Call', due_in_days: 1, priority: 'high' },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  /**
   * What a bulk chunk does up to and including its conditional write, and no further: its item holds the
   * run only (the chunk writes the stage change with the entry).
   */
  async function commitAndDie(stored: LeadDocument, at: Date) {
    // A stored lead is a LeadRecord with known fields; the spread gives it LeadRecord's open index signature.
    const lead: ScoredLead = { ...stored };
    const context = await app.get(ActiveRuleSet).current();
    const { fields, facts } = calculateLead(app.get(ActiveRuleSet).registry, context, lead, [], at);
    const entry = entryAfter(await app.get(LeadScoresRepository).nextId(), fields, entryBeforeFromLead(lead));
    const triggers = app.get(WorkflowTriggers);
    const decision = triggers.decide(
      await triggers.active(performance.now()),
      scoreCalculatedEvent(entry),
      facts,
      lead.trigger_states,
      'live',
    );
    expect(decision.runs).toHaveLength(1);
    const item = outboxItem({ runs: decision.runs }, at);
    if (!item) throw new Error('a decision with a run makes an outbox item');
    const won = await app.get(LeadsRepository).commitScore(lead.id, revisionOf(lead), {
      set: {
        ...scoreStateOf(entry),
        ...(decision.triggerStates ? { trigger_states: decision.triggerStates } : {}),
      },
      inputsChanged: false,
      item,
    });
    expect(won).toBe(true);
    // ... and dies: neither the history entry (sent beside the write) nor the run are recorded.
    return entry;
  }

  it('the sweep records the pending run of an abandoned item once; reading the history records its entry', async () => {
    const leads = app.get(LeadsRepository);
    const lead = await leads.create({ first_name: 'Swept', title: 'Hot' });
    const at = new Date();
    const entry = await commitAndDie(lead, at);
    const runsOf = () => app.get(WorkflowExecutionsRepository).list({ lead_id: lead.id, skip: 0, limit: 10 });
    // Its writer is alive for all the sweep knows: nothing is recorded yet.
    await app.get(LeadOutbox).sweep(new Date(at.getTime() + 1_000), 100);
    expect((await runsOf()).count).toBe(0);

    const later = new Date(at.getTime() + LATER_MS);
    await Promise.all([app.get(LeadOutbox).sweep(later, 100), app.get(LeadOutbox).sweep(later, 100)]);
    expect((await runsOf()).results.map((run) => [run.status, run.event_id])).toEqual([
      ['pending', `score-${entry.id}`],
    ]);
    expect(await leads.findById(lead.id)).toMatchObject({ outbox: {}, outbox_count: 0 });

    // The entry the lead names is recovered from its copy, its rules named from the rule-set version, and
    // the stage change it made with it: once, though two readers recover it at the same moment.
    const [{ results }] = await Promise.all([
      app.get(ScoringService).history(lead.id, 0, 10),
      app.get(ScoringService).history(lead.id, 0, 10),
    ]);
    expect(await app.get(StageHistoryRepository).forLead(lead.id)).toEqual([
      expect.objectContaining({
        lead_score_id: entry.id,
        from_stage: 'unqualified',
        to_stage: 'mql',
        score: 40,
      }),
    ]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ id: entry.id, seq: 1, score: 40, previous_score: 0 });
    expect(results[0]?.matched_rules).toEqual([
      { rule_id: String(ruleId), name: 'Hot title', category: 'demographic', points: 40 },
    ]);
  });

  it("the lead's next calculation records an abandoned item before its own", async () => {
    const leads = app.get(LeadsRepository);
    const lead = await leads.create({ first_name: 'Next', title: 'Hot' });
    const at = new Date();
    const abandoned = await commitAndDie(lead, at);
    const next = await app.get(ScoringService).calculate(lead.id, { now: new Date(at.getTime() + LATER_MS) });
    expect(next.score).toMatchObject({ seq: 2, previous_score: 40, score: 40 });
    const { results } = await app.get(LeadScoresRepository).history(lead.id, 0, 10);
    expect(results.map((entry) => [entry.seq, entry.id])).toEqual([
      [2, next.score.id],
      [1, abandoned.id],
    ]);
    // The crossing fired once, by the abandoned decision; the next calculation found the trigger disarmed.
    const runs = await app.get(WorkflowExecutionsRepository).list({ lead_id: lead.id, skip: 0, limit: 10 });
    expect(runs.count).toBe(1);
  });
});
