import { describe, expect, it } from 'vitest';
import { graphToSteps, TRIGGER_ID, type WorkflowDocument, workflowToGraph } from './graph';
import { messagesAt, otherProblems, problemsByNode } from './node-problems';

const workflow: WorkflowDocument = {
  name: 'Nurture',
  trigger_type: 'manual',
  trigger_config: {},
  steps: [
    { action: 'create_task', config: { title: 'Call' } },
    { delay: 'PT1S' },
    {
      branch: {
        if: { all: [{ field: 'industry', operator: 'equals', value: 'SaaS' }] },
        then: [{ action: 'assign_owner', config: {} }, { delay: 'soon' }],
        else: [{ action: 'change_status', config: { status: 'nurture' } }],
      },
    },
    { action: 'add_to_campaign', config: { campaign: 'q4' } },
  ],
};

const graph = workflowToGraph(workflow);
const { pointers } = graphToSteps(graph);

/** The id of the node whose step is `step`, found by content so the test does not depend on id numbering. */
function nodeWith(match: (step: Record<string, unknown>) => boolean): string {
  const node = graph.nodes.find((n) => n.step && match(n.step as unknown as Record<string, unknown>));
  if (!node) throw new Error('no such node');
  return node.id;
}

describe('step pointers', () => {
  it('names every step where the document has it, nested steps under their branch', () => {
    expect(pointers[nodeWith((s) => s.action === 'create_task')]).toBe('/steps/0');
    expect(pointers[nodeWith((s) => s.kind === 'branch')]).toBe('/steps/2');
    expect(pointers[nodeWith((s) => s.action === 'assign_owner')]).toBe('/steps/2/branch/then/0');
    expect(pointers[nodeWith((s) => s.delay === 'soon')]).toBe('/steps/2/branch/then/1');
    expect(pointers[nodeWith((s) => s.action === 'change_status')]).toBe('/steps/2/branch/else/0');
    expect(pointers[nodeWith((s) => s.action === 'add_to_campaign')]).toBe('/steps/3');
  });

  it('gives no pointer to a step cut off from the trigger', () => {
    const cut = {
      ...graph,
      edges: graph.edges.filter((edge) => edge.target !== nodeWith((s) => s.delay === 'PT1S')),
    };
    const reached = graphToSteps(cut).pointers;
    expect(reached[nodeWith((s) => s.delay === 'PT1S')]).toBeUndefined();
    expect(reached[nodeWith((s) => s.action === 'create_task')]).toBe('/steps/0');
  });
});

describe('problemsByNode', () => {
  it('puts a config problem of a step nested in a branch on that step, not on the branch', () => {
    const byNode = problemsByNode(
      [{ pointer: '/steps/2/branch/then/0/config/owner_id', message: 'is required' }],
      pointers,
    );
    expect([...byNode.keys()]).toEqual([nodeWith((s) => s.action === 'assign_owner')]);
    expect(byNode.get(nodeWith((s) => s.action === 'assign_owner'))).toEqual([
      { path: 'config/owner_id', message: 'is required' },
    ]);
  });

  it('puts a condition problem on the branch and a top-level step problem on its step', () => {
    const byNode = problemsByNode(
      [
        { pointer: '/steps/2/branch/if/all/0/value', message: 'must not be empty' },
        { pointer: '/steps/2/branch/then/1/delay', message: 'is not an ISO-8601 duration' },
        { pointer: '/steps/3', message: 'unknown step' },
      ],
      pointers,
    );
    expect(byNode.get(nodeWith((s) => s.kind === 'branch'))).toEqual([
      { path: 'branch/if/all/0/value', message: 'must not be empty' },
    ]);
    expect(byNode.get(nodeWith((s) => s.delay === 'soon'))).toEqual([
      { path: 'delay', message: 'is not an ISO-8601 duration' },
    ]);
    expect(byNode.get(nodeWith((s) => s.action === 'add_to_campaign'))).toEqual([
      { path: '', message: 'unknown step' },
    ]);
  });

  it('does not confuse /steps/1 with /steps/10', () => {
    const byNode = problemsByNode([{ pointer: '/steps/10/config', message: 'x' }], pointers);
    expect(byNode.size).toBe(0);
  });

  it('puts trigger problems on the trigger node and leaves problems naming no node out', () => {
    const byNode = problemsByNode(
      [
        { pointer: '/trigger_config/threshold', message: 'must be a number' },
        { pointer: '/name', message: 'must not be empty' },
      ],
      pointers,
    );
    expect([...byNode.keys()]).toEqual([TRIGGER_ID]);
    expect(byNode.get(TRIGGER_ID)).toEqual([
      { path: 'trigger_config/threshold', message: 'must be a number' },
    ]);
  });
});

describe('panel fields', () => {
  const problems = [
    { path: 'config/owner_id', message: 'is required' },
    { path: 'config', message: 'has an unknown key' },
    { path: 'action', message: 'is not an action' },
    { path: 'retry/max_attempts', message: 'must be at most 10' },
    { path: '', message: 'is not a step' },
  ];

  it('shows each message beside the field it names, saying where inside it', () => {
    expect(messagesAt(problems, 'config')).toEqual(['owner_id: is required', 'has an unknown key']);
    expect(messagesAt(problems, 'action')).toEqual(['is not an action']);
    expect(messagesAt(problems, 'delay')).toEqual([]);
  });

  it('keeps the problems no field shows for the top of the panel', () => {
    expect(otherProblems(problems, ['action', 'config'])).toEqual([
      'retry.max_attempts: must be at most 10',
      'is not a step',
    ]);
  });
});
