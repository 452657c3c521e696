import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFactRegistry, type ThresholdState, type WorkflowEvent } from '@leadflow/domain';
import { compileWorkflow, validateWorkflow } from '@leadflow/dsl';
import { type TriggerDefinition, TriggerSet } from './triggers';

const registry = defaultFactRegistry();

function definition(
  fixture: string,
  definitionId: number,
  overrides: Record<string, unknown> = {},
): TriggerDefinition {
  const path = join(__dirname, '..', '..', '..', 'dsl', 'fixtures', 'valid', fixture);
  const document = { ...(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>), ...overrides };
  const validated = validateWorkflow(document, registry);
  if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
  const program = compileWorkflow(validated.value, { version: 3 });
  return {
    definition_id: definitionId,
    version: program.version,
    priority: program.priority,
    is_active: program.is_active,
    trigger: program.trigger,
  };
}

const day = 86_400_000;
const start = new Date('2026-01-01T00:00:00Z');
let eventCounter = 0;

function scoreEvent(previous: number, score: number, at = start): WorkflowEvent {
  eventCounter += 1;
  return {
    event_id: `e${eventCounter}`,
    event_type: 'score_calculated',
    lead_id: 123,
    score,
    previous_score: previous,
    stage: null,
    previous_stage: null,
    changed_fields: ['score'],
    occurred_at: at,
  };
}

/** Feeds events through a trigger set the way the service will: storing the threshold states it returns. */
function replay(set: TriggerSet, events: WorkflowEvent[]): number[][] {
  const states = new Map<number, ThresholdState>();
  return events.map((event) => {
    const decision = set.decide(event, {}, (id) => states.get(id));
    for (const [id, state] of decision.thresholdStates) states.set(id, state);
    return decision.firings.map((firing) => firing.definition_id);
  });
}

describe('TriggerSet', () => {
  it('fires a score threshold on the upward crossing only, and again after the score fell below it', () => {
    const set = new TriggerSet([definition('workflow-guide-1-assign-hot-leads.json', 1)], registry);
    expect(
      replay(set, [
        scoreEvent(70, 80),
        scoreEvent(80, 85),
        scoreEvent(85, 70),
        scoreEvent(70, 78),
        scoreEvent(78, 74),
      ]),
    ).toEqual([[1], [], [], [1], []]);
  });

  it('honours a re-arm band and a cooldown', () => {
    // threshold 80, rearm_below 60, cooldown 7 days
    const set = new TriggerSet([definition('workflow-multi-step-hot-lead.json', 2)], registry);
    const firings = replay(set, [
      scoreEvent(70, 82, start),
      scoreEvent(82, 75, start),
      scoreEvent(75, 81, start), // not re-armed: never fell below 60
      scoreEvent(81, 55, start), // re-armed
      scoreEvent(55, 85, new Date(start.getTime() + 2 * day)), // within the 7-day cooldown
      scoreEvent(85, 50, new Date(start.getTime() + 3 * day)),
      scoreEvent(50, 90, new Date(start.getTime() + 8 * day)), // cooldown over
    ]);
    expect(firings).toEqual([[2], [], [], [], [], [], [2]]);
  });

  it('orders firings by priority, highest first, and derives one workflow id per (definition, lead, event)', () => {
    const set = new TriggerSet(
      [
        definition('workflow-guide-2-follow-up-sql.json', 10), // threshold 65, priority default
        definition('workflow-guide-1-assign-hot-leads.json', 11), // threshold 75, priority 10
      ],
      registry,
    );
    const event = scoreEvent(10, 90);
    const decision = set.decide(event, {}, () => undefined);
    expect(decision.firings.map((firing) => firing.definition_id)).toEqual([11, 10]);
    expect(decision.firings[0]?.workflow_id).toBe(`qualification-11-lead-123-${event.event_id}`);
    expect(set.decide(event, {}, () => undefined).firings[0]?.workflow_id).toBe(
      decision.firings[0]?.workflow_id,
    );
  });

  it('fires a stage change only for the named transition', () => {
    const set = new TriggerSet([definition('workflow-stage-change-to-sql.json', 3)], registry);
    const stageEvent = (previous: string, stage: string): WorkflowEvent => ({
      ...scoreEvent(50, 66),
      stage,
      previous_stage: previous,
      changed_fields: ['score', 'stage'],
    });
    expect(set.decide(stageEvent('mql', 'sql'), {}, () => undefined).firings).toHaveLength(1);
    expect(set.decide(stageEvent('unqualified', 'sql'), {}, () => undefined).firings).toHaveLength(0);
    expect(
      set.decide({ ...stageEvent('mql', 'sql'), changed_fields: ['score'] }, {}, () => undefined).firings,
    ).toHaveLength(0);
  });

  it('fires a field update when the field changed to the value, reading the lead facts', () => {
    const set = new TriggerSet([definition('workflow-field-update-industry.json', 4)], registry);
    const updated: WorkflowEvent = {
      ...scoreEvent(0, 0),
      event_type: 'lead_updated',
      changed_fields: ['industry'],
    };
    expect(set.decide(updated, { industry: ' finance ' }, () => undefined).firings).toHaveLength(1);
    expect(set.decide(updated, { industry: 'Retail' }, () => undefined).firings).toHaveLength(0);
    expect(
      set.decide({ ...updated, changed_fields: ['title'] }, { industry: 'Finance' }, () => undefined).firings,
    ).toHaveLength(0);
  });

  it('never fires inactive workflows, and fires manual ones only on a manual event', () => {
    const set = new TriggerSet(
      [
        definition('workflow-guide-1-assign-hot-leads.json', 5, { is_active: false }),
        definition('workflow-manual-webhook.json', 6),
      ],
      registry,
    );
    expect(set.decide(scoreEvent(0, 100), {}, () => undefined).firings).toEqual([]);
    const manual: WorkflowEvent = { ...scoreEvent(0, 0), event_type: 'manual', changed_fields: [] };
    expect(set.decide(manual, {}, () => undefined).firings.map((firing) => firing.definition_id)).toEqual([
      6,
    ]);
  });
});

describe('grade_change triggers', () => {
  const gradeEvent = (previous: string | null, grade: string | null): WorkflowEvent => ({
    ...scoreEvent(50, 50),
    grade,
    previous_grade: previous,
    changed_fields: previous === grade ? [] : ['grade'],
  });

  it('fire when a calculation moves the grade to the named one, and not otherwise', () => {
    const set = new TriggerSet([definition('workflow-grade-change-to-a.json', 9)], registry);
    const fires = (event: WorkflowEvent) => set.decide(event, {}, () => undefined).firings.length;
    expect(fires(gradeEvent('B', 'A'))).toBe(1);
    expect(fires(gradeEvent(null, 'A'))).toBe(1);
    expect(fires(gradeEvent('A', 'A'))).toBe(0);
    expect(fires(gradeEvent('A', 'B'))).toBe(0);
  });
});
