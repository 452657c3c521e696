import { compileWorkflow } from '@leadflow/dsl/src/workflow/compile-workflow';
import type { Workflow } from '@leadflow/dsl/src/workflow/workflow-types';
import { describe, expect, it } from 'vitest';
import {
  graphToWorkflow,
  insertStep,
  removeStep,
  TRIGGER_ID,
  type WorkflowDocument,
  workflowToGraph,
} from './graph';

const multiStep: WorkflowDocument = {
  name: 'Nurture',
  trigger_type: 'manual',
  trigger_config: {},
  steps: [
    { action: 'create_task', config: { title: 'Call' } },
    { delay: 'PT1S' },
    {
      branch: {
        if: { all: [{ field: 'industry', operator: 'equals', value: 'SaaS' }] },
        then: [{ action: 'send_notification', config: { message: 'SaaS lead' } }, { delay: 'P1D' }],
        else: [{ action: 'change_status', config: { status: 'nurture' } }],
      },
    },
    { action: 'add_to_campaign', config: { campaign: 'q4' } },
  ],
  priority: 5,
  is_active: true,
};

describe('workflow <-> graph', () => {
  it('round-trips a multi-step workflow with a delay and a branch', () => {
    const graph = workflowToGraph(multiStep);
    expect(graph.nodes).toHaveLength(1 + 7);
    expect(graphToWorkflow(graph, multiStep)).toMatchObject({ document: multiStep, problems: [] });
    expect(graphToWorkflow(graph, multiStep).document).toEqual(multiStep);
  });

  it("names each node by the id the DSL's compiler gives its step, also after a step is inserted", () => {
    const programIds = (document: WorkflowDocument) => {
      const ids: string[] = [];
      const walk = (steps: readonly { id: string; then?: unknown; else?: unknown }[]) => {
        for (const step of steps) {
          ids.push(step.id);
          walk((step.then ?? []) as { id: string }[]);
          walk((step.else ?? []) as { id: string }[]);
        }
      };
      // the document is valid: compileWorkflow takes validated workflows
      walk(compileWorkflow(document as unknown as Workflow).steps);
      return ids;
    };
    const graph = workflowToGraph(multiStep);
    const first = graphToWorkflow(graph, multiStep);
    const inOrder = (stepIds: Record<string, string>) =>
      Object.values(stepIds).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    expect(inOrder(first.stepIds)).toEqual(programIds(first.document));
    // a step inserted at the start gets a new node id, but s1, and the others move up one
    const firstNode = graph.edges.find((edge) => edge.source === TRIGGER_ID)!.target;
    const inserted = insertStep(graph, TRIGGER_ID, 'next', { kind: 'delay', delay: 'PT5M' }, 'n99');
    const second = graphToWorkflow(inserted, multiStep);
    expect(second.stepIds.n99).toBe('s1');
    expect(second.stepIds[firstNode]).toBe('s2');
    expect(inOrder(second.stepIds)).toEqual(programIds(second.document));
  });

  it("opens the guide's single-action form as a two-node graph and saves it as steps", () => {
    const guide: WorkflowDocument = {
      name: 'Assign hot leads to senior rep',
      trigger_type: 'score_threshold',
      trigger_config: { score: 75 },
      action_type: 'assign_owner',
      action_config: { owner_id: 5 },
      is_active: true,
      priority: 10,
    };
    const graph = workflowToGraph(guide);
    expect(graph.nodes.map((node) => node.kind)).toEqual(['trigger', 'action']);
    expect(graph.edges).toEqual([
      expect.objectContaining({ source: TRIGGER_ID, sourceHandle: 'next', target: 'n1' }),
    ]);
    expect(graphToWorkflow(graph, guide).document).toEqual({
      name: 'Assign hot leads to senior rep',
      trigger_type: 'score_threshold',
      trigger_config: { score: 75 },
      is_active: true,
      priority: 10,
      steps: [{ action: 'assign_owner', config: { owner_id: 5 } }],
    });
  });

  it('inserts a step in the middle of a chain and removes it again', () => {
    const graph = workflowToGraph(multiStep);
    const inserted = insertStep(graph, 'n1', 'next', { kind: 'delay', delay: 'PT5M' }, 'x1');
    const steps = graphToWorkflow(inserted, multiStep).document.steps ?? [];
    expect(steps.slice(0, 3)).toEqual([multiStep.steps?.[0], { delay: 'PT5M' }, { delay: 'PT1S' }]);
    expect(graphToWorkflow(removeStep(inserted, 'x1'), multiStep).document).toEqual(multiStep);
  });

  it('builds a branch from an empty workflow, steps under then and else', () => {
    let graph = workflowToGraph({ name: 'w', trigger_type: 'manual', trigger_config: {} });
    graph = insertStep(graph, TRIGGER_ID, 'next', { kind: 'branch', condition: { any: [] } }, 'b');
    graph = insertStep(graph, 'b', 'then', { kind: 'action', action: 'create_task', config: {} }, 't');
    graph = insertStep(graph, 'b', 'else', { kind: 'delay', delay: 'PT1H' }, 'e');
    expect(
      graphToWorkflow(graph, { name: 'w', trigger_type: 'manual', trigger_config: {} }).document.steps,
    ).toEqual([
      {
        branch: { if: { any: [] }, then: [{ action: 'create_task', config: {} }], else: [{ delay: 'PT1H' }] },
      },
    ]);
  });

  it('reports steps not connected to the trigger and joins', () => {
    const graph = workflowToGraph(multiStep);
    const loose = { ...graph, edges: graph.edges.filter((edge) => edge.target !== 'n2') };
    expect(graphToWorkflow(loose, multiStep).problems).toContain('step n2 is not connected to the trigger');
    const joined = {
      ...graph,
      edges: [...graph.edges, { id: 'j', source: 'n5', sourceHandle: 'next' as const, target: 'n1' }],
    };
    expect(graphToWorkflow(joined, multiStep).problems[0]).toMatch(/reached twice/);
  });
});
