/**
 * Workflow DSL <-> graph for the editor. The graph is a tree drawn left to right: the trigger, then each step
 * linked to the next by a `next` edge; a branch links its `then` and `else` step lists by edges of those
 * names, and the steps after it by `next`. Pure functions, so the conversion is unit-tested both ways.
 */
import type { DraftGroup } from '@leadflow/dsl/src/types';
import type { WorkflowStepDraft } from '@leadflow/dsl/src/workflow/workflow-types';

export type StepKind = 'action' | 'delay' | 'branch';

export interface StepData {
  kind: StepKind;
  /** action */
  action?: string;
  config?: Record<string, unknown>;
  retry?: Record<string, unknown>;
  /** delay: an ISO-8601 duration */
  delay?: string;
  /** branch: a rule-DSL condition group */
  condition?: DraftGroup;
}

export interface GraphNode {
  id: string;
  kind: StepKind | 'trigger';
  step?: StepData;
  position: { x: number; y: number };
}

export type Handle = 'next' | 'then' | 'else';
export interface GraphEdge {
  id: string;
  source: string;
  sourceHandle: Handle;
  target: string;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type WorkflowStep = WorkflowStepDraft;

export interface WorkflowDocument {
  name: string;
  trigger_type: string;
  trigger_config: Record<string, unknown>;
  steps?: WorkflowStep[];
  action_type?: string;
  action_config?: Record<string, unknown>;
  priority?: number;
  is_active?: boolean;
  description?: string;
  [key: string]: unknown;
}

export const TRIGGER_ID = 'trigger';
const COLUMN = 240;
const ROW = 110;

/** The guide's single-action form as one step, so it opens as a two-node graph. */
export function stepsOf(document: WorkflowDocument): WorkflowStep[] {
  if (document.steps) return document.steps;
  if (document.action_type) return [{ action: document.action_type, config: document.action_config ?? {} }];
  return [];
}

export function edgeId(source: string, handle: Handle): string {
  return `${source}:${handle}`;
}

export function workflowToGraph(document: WorkflowDocument): Graph {
  const nodes: GraphNode[] = [{ id: TRIGGER_ID, kind: 'trigger', position: { x: 0, y: 0 } }];
  const edges: GraphEdge[] = [];
  let counter = 0;
  let row = 0;
  // Lays out one step list starting at column `column`, hanging off `source` by `handle`.
  const place = (
    steps: WorkflowStep[],
    source: string,
    handle: Handle,
    column: number,
    atRow: number,
  ): void => {
    let previous = source;
    let previousHandle = handle;
    let col = column;
    for (const step of steps) {
      counter += 1;
      const id = `n${counter}`;
      nodes.push({
        id,
        kind: kindOf(step),
        step: dataOf(step),
        position: { x: col * COLUMN, y: atRow * ROW },
      });
      edges.push({
        id: edgeId(previous, previousHandle),
        source: previous,
        sourceHandle: previousHandle,
        target: id,
      });
      if ('branch' in step) {
        row += 1;
        place(step.branch.then, id, 'then', col + 1, row);
        row += 1;
        place(step.branch.else ?? [], id, 'else', col + 1, row);
      }
      previous = id;
      previousHandle = 'next';
      col += 1;
    }
  };
  place(stepsOf(document), TRIGGER_ID, 'next', 1, 0);
  return { nodes, edges };
}

function kindOf(step: WorkflowStep): StepKind {
  return 'action' in step ? 'action' : 'delay' in step ? 'delay' : 'branch';
}

function dataOf(step: WorkflowStep): StepData {
  if ('action' in step) {
    return {
      kind: 'action',
      action: step.action,
      config: step.config,
      ...(step.retry ? { retry: step.retry } : {}),
    };
  }
  if ('delay' in step) return { kind: 'delay', delay: step.delay };
  return { kind: 'branch', condition: step.branch.if };
}

function stepOf(data: StepData, then: WorkflowStep[], otherwise: WorkflowStep[]): WorkflowStep {
  if (data.kind === 'action') {
    return {
      action: data.action ?? '',
      config: data.config ?? {},
      ...(data.retry ? { retry: data.retry } : {}),
    };
  }
  if (data.kind === 'delay') return { delay: data.delay ?? '' };
  return {
    branch: { if: data.condition ?? { all: [] }, then, ...(otherwise.length ? { else: otherwise } : {}) },
  };
}

/**
 * The steps the graph describes, following edges from the trigger. A node reached twice (a cycle or a
 * join) is an error: the DSL is a tree. Nodes not reached from the trigger are reported as unconnected.
 * `pointers` says where each reached node's step sits in the document (/steps/2/branch/then/0), so that the
 * API's problems, which name such pointers, can be shown on their node.
 */
export function graphToSteps(graph: Graph): {
  steps: WorkflowStep[];
  problems: string[];
  pointers: Record<string, string>;
  stepIds: Record<string, string>;
} {
  const problems: string[] = [];
  const pointers: Record<string, string> = {};
  // The id the compiler gives each step (s1, s2, … in document order, a branch before its then and else
  // steps): the one dry runs, executions and timelines show, so the editor shows it too.
  const stepIds: Record<string, string> = {};
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const seen = new Set<string>([TRIGGER_ID]);
  const follow = (source: string, handle: Handle, at: string): WorkflowStep[] => {
    const steps: WorkflowStep[] = [];
    let edge = graph.edges.find((e) => e.source === source && e.sourceHandle === handle);
    while (edge) {
      const node = byId.get(edge.target);
      if (!node?.step) break;
      if (seen.has(node.id)) {
        problems.push(`step ${node.id} is reached twice: a workflow is a tree, not a loop or a join`);
        break;
      }
      seen.add(node.id);
      stepIds[node.id] = `s${seen.size - 1}`;
      const pointer = `${at}/${steps.length}`;
      pointers[node.id] = pointer;
      const then = node.step.kind === 'branch' ? follow(node.id, 'then', `${pointer}/branch/then`) : [];
      const otherwise = node.step.kind === 'branch' ? follow(node.id, 'else', `${pointer}/branch/else`) : [];
      steps.push(stepOf(node.step, then, otherwise));
      const from = node.id;
      edge = graph.edges.find((e) => e.source === from && e.sourceHandle === 'next');
    }
    return steps;
  };
  const steps = follow(TRIGGER_ID, 'next', '/steps');
  for (const node of graph.nodes) {
    if (!seen.has(node.id)) problems.push(`step ${node.id} is not connected to the trigger`);
  }
  return { steps, problems, pointers, stepIds };
}

/** The workflow document of a graph: the multi-step form, keeping the rest of `base` (name, trigger, ...). */
export function graphToWorkflow(
  graph: Graph,
  base: WorkflowDocument,
): {
  document: WorkflowDocument;
  problems: string[];
  pointers: Record<string, string>;
  stepIds: Record<string, string>;
} {
  const { steps, problems, pointers, stepIds } = graphToSteps(graph);
  const { action_type: _type, action_config: _config, steps: _steps, ...rest } = base;
  return { document: { ...rest, steps }, problems, pointers, stepIds };
}

/**
 * Inserts a new step after `source` on `handle`: whatever hung there now hangs after the new step, so
 * adding in the middle of a chain keeps it connected.
 */
export function insertStep(graph: Graph, source: string, handle: Handle, step: StepData, id: string): Graph {
  const sourceNode = graph.nodes.find((node) => node.id === source);
  const position = sourceNode
    ? {
        x: sourceNode.position.x + COLUMN,
        y: sourceNode.position.y + (handle === 'else' ? ROW : handle === 'then' ? ROW / 2 : 0),
      }
    : { x: 0, y: 0 };
  const existing = graph.edges.find((edge) => edge.source === source && edge.sourceHandle === handle);
  const edges = graph.edges.filter((edge) => edge !== existing);
  edges.push({ id: edgeId(source, handle), source, sourceHandle: handle, target: id });
  if (existing)
    edges.push({ id: edgeId(id, 'next'), source: id, sourceHandle: 'next', target: existing.target });
  return { nodes: [...graph.nodes, { id, kind: step.kind, step, position }], edges };
}

/** Removes a step; the step after it (on `next`) takes its place. Its branch lists go with it. */
export function removeStep(graph: Graph, id: string): Graph {
  if (id === TRIGGER_ID) return graph;
  const incoming = graph.edges.find((edge) => edge.target === id);
  const outgoing = graph.edges.find((edge) => edge.source === id && edge.sourceHandle === 'next');
  const edges = graph.edges.filter((edge) => edge.target !== id && edge.source !== id);
  if (incoming && outgoing)
    edges.push({ ...incoming, id: edgeId(incoming.source, incoming.sourceHandle), target: outgoing.target });
  return { nodes: graph.nodes.filter((node) => node.id !== id), edges };
}
