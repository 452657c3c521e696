import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFactRegistry, evaluateOperator, type ConditionNode } from '@leadflow/domain';
import { compileWorkflow } from './compile-workflow';
import { validateWorkflow } from './validate-workflow';
import type { Workflow, WorkflowProgram } from './workflow-types';

const registry = defaultFactRegistry();
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'valid', name), 'utf8'));

function validWorkflow(doc: unknown): Workflow {
  const result = validateWorkflow(doc, registry);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

/** A tiny reference evaluator with the domain's operator semantics, enough to read trigger rules. */
function holds(node: ConditionNode, facts: Record<string, unknown>): boolean {
  if ('all' in node) return node.all.every((child) => holds(child, facts));
  if ('any' in node) return node.any.some((child) => holds(child, facts));
  if ('not' in node) return !holds(node.not, facts);
  return evaluateOperator(node.operator, facts[node.fact], node.value);
}
const fires = (program: WorkflowProgram, facts: Record<string, unknown>) =>
  holds(program.trigger.rule.conditions, facts);

describe('compileWorkflow', () => {
  it("turns the guide's single-action form into a one-step program with the default retry policy", () => {
    const program = compileWorkflow(validWorkflow(fixture('workflow-guide-1-assign-hot-leads.json')), {
      version: 3,
    });
    expect(program).toEqual({
      format: 'leadflow.workflow/v1',
      version: 3,
      name: 'Assign hot leads to senior rep',
      priority: 10,
      is_active: true,
      trigger: {
        type: 'score_threshold',
        config: { score: 75 },
        rule: {
          name: 'Assign hot leads to senior rep',
          priority: 10,
          conditions: {
            all: [
              { fact: 'score', operator: 'greater_than_or_equal', value: 75 },
              { fact: 'previous_score', operator: 'less_than', value: 75 },
            ],
          },
          event: { type: 'workflow_trigger' },
        },
      },
      steps: [
        {
          id: 's1',
          kind: 'action',
          action_type: 'assign_owner',
          config: { owner_id: 5 },
          retry: { initial_interval: '1s', backoff: 2, maximum_attempts: 5 },
        },
      ],
    });
  });

  it('fires score_threshold only on an upward crossing', () => {
    const program = compileWorkflow(validWorkflow(fixture('workflow-guide-1-assign-hot-leads.json')));
    expect(fires(program, { score: 80, previous_score: 70 })).toBe(true);
    expect(fires(program, { score: 75, previous_score: 0 })).toBe(true);
    expect(fires(program, { score: 90, previous_score: 80 })).toBe(false);
    expect(fires(program, { score: 60, previous_score: 80 })).toBe(false);
    expect(fires(program, { changed_fields: ['industry'] })).toBe(false);
  });

  it('fires stage_change on the named transition, read from changed_fields', () => {
    const program = compileWorkflow(validWorkflow(fixture('workflow-stage-change-to-sql.json')));
    expect(fires(program, { changed_fields: ['score', 'stage'], previous_stage: 'mql', stage: 'sql' })).toBe(
      true,
    );
    expect(fires(program, { changed_fields: ['score'], previous_stage: 'sql', stage: 'sql' })).toBe(false);
    expect(fires(program, { changed_fields: ['stage'], previous_stage: 'unqualified', stage: 'sql' })).toBe(
      false,
    );
  });

  it('fires grade_change when a calculation moved the grade, to the named grade', () => {
    const program = compileWorkflow(validWorkflow(fixture('workflow-grade-change-to-a.json')));
    expect(fires(program, { changed_fields: ['grade'], previous_grade: 'B', grade: 'A' })).toBe(true);
    expect(fires(program, { changed_fields: ['score'], previous_grade: 'A', grade: 'A' })).toBe(false);
    expect(fires(program, { changed_fields: ['grade'], previous_grade: 'A', grade: 'B' })).toBe(false);
  });

  it('fires field_update when the field changed to the value', () => {
    const program = compileWorkflow(validWorkflow(fixture('workflow-field-update-industry.json')));
    expect(fires(program, { changed_fields: ['industry'], industry: ' finance ' })).toBe(true);
    expect(fires(program, { changed_fields: ['industry'], industry: 'Retail' })).toBe(false);
    expect(fires(program, { changed_fields: ['title'], industry: 'Finance' })).toBe(false);
  });

  it('fires time_based on schedule events that pass the filter, manual on manual events', () => {
    const scheduled = compileWorkflow(validWorkflow(fixture('workflow-time-based-stale.json')));
    expect(fires(scheduled, { event_type: 'schedule', last_activity_days_ago: 45 })).toBe(true);
    expect(fires(scheduled, { event_type: 'schedule', last_activity_days_ago: 3 })).toBe(false);
    expect(fires(scheduled, { event_type: 'manual', last_activity_days_ago: 45 })).toBe(false);
    const manual = compileWorkflow(validWorkflow(fixture('workflow-manual-webhook.json')));
    expect(fires(manual, { event_type: 'manual' })).toBe(true);
    expect(manual.trigger.config).toEqual({});
  });

  it('numbers multi-step programs in document order, with delays in ms and branch conditions compiled', () => {
    const program = compileWorkflow(validWorkflow(fixture('workflow-multi-step-hot-lead.json')));
    const outline = (steps: WorkflowProgram['steps']): unknown[] =>
      steps.map((step) =>
        step.kind === 'branch'
          ? { [step.id]: { then: outline(step.then), else: outline(step.else) } }
          : `${step.id}:${step.kind}`,
      );
    expect(outline(program.steps)).toEqual([
      's1:action',
      's2:action',
      's3:delay',
      { s4: { then: ['s5:action', 's6:action'], else: ['s7:action', 's8:action'] } },
    ]);
    expect(program.steps[2]).toEqual({ id: 's3', kind: 'delay', duration: 'PT1H', ms: 3_600_000 });
    const branch = program.steps[3];
    if (branch?.kind !== 'branch') throw new Error('expected a branch');
    expect(branch.condition).toEqual({
      all: [{ fact: 'email_clicks_count', operator: 'greater_than', value: 0 }],
    });
    const webhook = branch.else[1];
    expect(webhook?.kind === 'action' && webhook.retry).toEqual({
      initial_interval: '2s',
      backoff: 2,
      maximum_attempts: 3,
    });
  });

  it('accepts every workflow of the guide', () => {
    for (const file of ['1-assign-hot-leads', '2-follow-up-sql', '3-notify-hot-lead', '4-qualified-status']) {
      const result = validateWorkflow(fixture(`workflow-guide-${file}.json`), registry);
      expect(result.problems).toEqual([]);
    }
  });
});
