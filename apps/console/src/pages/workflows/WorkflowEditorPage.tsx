import { Alert, Box, Button, Checkbox, Fieldset, Flex, Group, List, Stack, TextInput } from '@mantine/core';
import workflowSchema from '@leadflow/dsl/schemas/workflow.schema.json';
import { JsonField } from '../../editor/JsonField';
import {
  applyNodeChanges,
  Background,
  Controls,
  type Edge,
  type Node,
  type NodeChange,
  ReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { navigate, useLeaveGuard } from '../../app/router';
import { LeadIdSelect } from '../../components/names';
import { ErrorMessage, NumberField, PageHeader, Panel } from '../../components/ui';
import {
  type Graph,
  type GraphNode,
  graphToWorkflow,
  insertStep,
  removeStep,
  TRIGGER_ID,
  type WorkflowDocument,
  workflowToGraph,
} from '../../workflows/graph';
import { problemsByNode } from '../../workflows/node-problems';
import { type NodeData, NODE_TYPES, ProblemCount } from './nodes';
import { NEW_STEPS, StepPanel } from './StepPanel';
import { displayText } from '../../app/display-text';

const WORKFLOWS = '/api/lead-qualification/workflows/';

interface Problem {
  pointer: string;
  message: string;
}
interface Validation {
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
}
interface DryRunStep {
  step_id: string;
  kind: string;
  action_type?: string;
  duration?: string;
  branch?: 'then' | 'else';
}

function describe(node: GraphNode, workflow: WorkflowDocument): { label: string; detail: string } {
  if (node.kind === 'trigger') return { label: 'Trigger', detail: workflow.trigger_type };
  const step = node.step;
  if (step?.kind === 'action')
    return { label: `Action: ${step.action ?? ''}`, detail: JSON.stringify(step.config ?? {}).slice(0, 60) };
  if (step?.kind === 'delay') return { label: 'Delay', detail: step.delay ?? '' };
  return { label: 'Branch', detail: JSON.stringify(step?.condition ?? {}).slice(0, 60) };
}

const emptyWorkflow = (): WorkflowDocument => ({
  name: '',
  trigger_type: 'manual',
  trigger_config: {},
  steps: [],
  priority: 1,
  is_active: true,
});

/**
 * The workflow graph editor: trigger, action, delay and branch nodes placed and connected on a canvas
 * (@xyflow/react), each node's configuration in the side panel, the DSL beside the graph, the API's
 * validation as you go, and save, dry run and execute.
 */
export function WorkflowEditorPage({ id, canEdit }: { id?: number; canEdit: boolean }) {
  const [base, setBase] = useState<WorkflowDocument | undefined>(
    id === undefined ? emptyWorkflow() : undefined,
  );
  const [graph, setGraph] = useState<Graph>(() => workflowToGraph(emptyWorkflow()));
  const [selected, setSelected] = useState<string>(TRIGGER_ID);
  // The pointers the validated document had: the graph may have changed while the API was answering.
  const [validation, setValidation] = useState<Validation & { pointers: Record<string, string> }>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(() => new URLSearchParams(window.location.search).has('created'));
  const [leadId, setLeadId] = useState<number>();
  const [dryRun, setDryRun] = useState<DryRunStep[]>();
  let counter = graph.nodes.length;

  useEffect(() => {
    if (id === undefined) return;
    api
      .get<
        WorkflowDocument & {
          id: number;
          version: number;
          program: unknown;
          created_at: string;
          updated_at: string;
        }
      >(`${WORKFLOWS}${id}/`)
      .then(
        ({ id: _id, version: _version, program: _program, created_at: _c, updated_at: _u, ...document }) => {
          setBase(document);
          setGraph(workflowToGraph(document));
        },
        setError,
      );
  }, [id]);

  const { document, problems, pointers, stepIds } = useMemo(
    () =>
      base
        ? graphToWorkflow(graph, base)
        : { document: emptyWorkflow(), problems: [], pointers: {}, stepIds: {} },
    [graph, base],
  );

  // The workflow as last loaded or saved: the editor has unsaved changes while its document differs from it.
  const [baseline, setBaseline] = useState<string>();
  const documentText = JSON.stringify(document);
  useEffect(() => {
    if (base && baseline === undefined) setBaseline(documentText);
  }, [base, baseline, documentText]);
  const unsaved = canEdit && baseline !== undefined && documentText !== baseline;
  useLeaveGuard(unsaved ? 'This workflow has unsaved changes. Leave and lose them?' : undefined);

  useEffect(() => {
    if (!base) return;
    let current = true;
    const timer = setTimeout(() => {
      api.post<Validation>(`${WORKFLOWS}validate/`, document).then(
        (result) => {
          if (current) setValidation({ ...result, pointers });
        },
        () => undefined,
      );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [document, base, pointers]);

  // Each node's share of the API's errors: a marker on the node, the messages beside its fields in the panel.
  const nodeProblems = useMemo(
    () => problemsByNode(validation?.errors ?? [], validation?.pointers ?? {}),
    [validation],
  );

  // React Flow keeps what it measured on its own node objects; they are kept across renders so that it does
  // not measure (and report) every node again on each change, and rebuilt from the graph when it changes.
  const [flowNodes, setFlowNodes] = useState<Node<NodeData>[]>([]);
  useEffect(() => {
    setFlowNodes((previous) =>
      graph.nodes.map((node) => ({
        ...previous.find((old) => old.id === node.id),
        id: node.id,
        type: node.kind,
        position: node.position,
        selected: node.id === selected,
        data: {
          node,
          ...describe(node, document),
          stepId: stepIds[node.id],
          problems: nodeProblems.get(node.id)?.length ?? 0,
        },
      })),
    );
  }, [graph, selected, document, nodeProblems]);

  if (!base) return error ? <ErrorMessage error={error} /> : <p>Loading…</p>;

  const edited = (next: Graph) => {
    setGraph(next);
    setSaved(false);
  };
  const selectedNode = graph.nodes.find((node) => node.id === selected) ?? graph.nodes[0]!;
  const edges: Edge[] = graph.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    label: edge.sourceHandle === 'next' ? undefined : edge.sourceHandle,
  }));
  const onNodesChange = (changes: NodeChange<Node<NodeData>>[]) => {
    setFlowNodes((current) => applyNodeChanges(changes, current));
    const moves = changes.filter((change) => change.type === 'position' && change.position !== undefined);
    if (moves.length > 0) {
      setGraph((current) => ({
        ...current,
        nodes: current.nodes.map((node) => {
          const move = moves.find((change) => change.type === 'position' && change.id === node.id);
          return move?.type === 'position' && move.position ? { ...node, position: move.position } : node;
        }),
      }));
    }
    for (const change of changes) if (change.type === 'select' && change.selected) setSelected(change.id);
  };

  const save = async () => {
    setError(undefined);
    try {
      const result =
        id === undefined
          ? await api.post<{ id: number }>(WORKFLOWS, document)
          : await api.put<{ id: number }>(`${WORKFLOWS}${id}/`, document);
      setSaved(true);
      setBaseline(JSON.stringify(document));
      if (id === undefined)
        navigate(`/lead_qualification/workflows/${result.id}/?created`, { replace: true, force: true });
    } catch (failure) {
      setError(failure);
    }
  };
  const runDry = async () => {
    if (id === undefined || leadId === undefined) return;
    setError(undefined);
    try {
      setDryRun(
        (await api.post<{ steps: DryRunStep[] }>(`${WORKFLOWS}${id}/dry_run/`, { lead_id: leadId })).steps,
      );
    } catch (failure) {
      setError(failure);
    }
  };
  const execute = async () => {
    if (id === undefined || leadId === undefined) return;
    setError(undefined);
    try {
      const execution = await api.post<{ id: number }>(`${WORKFLOWS}${id}/execute/`, { lead_id: leadId });
      navigate(`/lead_qualification/executions/${execution.id}/`);
    } catch (failure) {
      setError(failure);
    }
  };
  const errors = error instanceof ApiError ? error.errors.map((e) => `${e.field}: ${e.message}`) : [];
  const checks = [
    ...problems,
    ...(validation?.errors ?? []).map((p) => `${p.pointer.slice(1).replace(/\//g, '.')}: ${p.message}`),
  ];

  return (
    <>
      <PageHeader title={id === undefined ? 'Add workflow' : `Workflow: ${base.name}`} />
      <Fieldset disabled={!canEdit} variant="unstyled" mb="md">
        <Group align="end">
          <TextInput
            label="Workflow name"
            value={base.name}
            onChange={(e) => {
              setBase({ ...base, name: e.currentTarget.value });
            }}
          />
          <NumberField
            label="Workflow priority"
            value={base.priority ?? 1}
            onValue={(value) => {
              setBase({ ...base, priority: Number(value) });
            }}
          />
          <Checkbox
            label="Workflow is active"
            mb={8}
            checked={base.is_active !== false}
            onChange={(e) => {
              setBase({ ...base, is_active: e.currentTarget.checked });
            }}
          />
        </Group>
      </Fieldset>
      <Flex gap="md" align="flex-start">
        <Box flex={1} miw={0}>
          <div className="graph-canvas" aria-label="Workflow graph" role="region">
            <ReactFlow
              // a new step re-fits the view to the whole graph
              key={graph.nodes.length}
              nodes={flowNodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              onNodesChange={onNodesChange}
              onNodeClick={(_, node) => {
                setSelected(node.id);
              }}
              onConnect={(connection) => {
                const handle = (connection.sourceHandle ?? 'next') as 'next' | 'then' | 'else';
                edited({
                  ...graph,
                  edges: [
                    ...graph.edges.filter(
                      (e) =>
                        !(e.source === connection.source && e.sourceHandle === handle) &&
                        e.target !== connection.target,
                    ),
                    {
                      id: `${connection.source}:${handle}`,
                      source: connection.source,
                      sourceHandle: handle,
                      target: connection.target,
                    },
                  ],
                });
              }}
              onEdgesDelete={(deleted) => {
                edited({ ...graph, edges: graph.edges.filter((e) => !deleted.some((d) => d.id === e.id)) });
              }}
              fitView
              // never so small that the labels cannot be read (12 px × 0.75): a wide graph pans instead
              fitViewOptions={{ maxZoom: 1, minZoom: 0.75 }}
              minZoom={0.5}
              proOptions={{ hideAttribution: true }}
            >
              <Background />
              <Controls />
            </ReactFlow>
          </div>
          <Group component="nav" aria-label="Steps" gap={6} my="xs">
            {graph.nodes.map((node) => (
              <Button
                key={node.id}
                type="button"
                size="compact-sm"
                variant={node.id === selected ? 'filled' : 'default'}
                aria-pressed={node.id === selected}
                onClick={() => {
                  setSelected(node.id);
                }}
              >
                {node.id === TRIGGER_ID
                  ? 'Trigger'
                  : `${stepIds[node.id] ?? 'not connected'}: ${describe(node, document).label}`}
                <ProblemCount count={nodeProblems.get(node.id)?.length ?? 0} />
              </Button>
            ))}
          </Group>
          <JsonField
            label="Workflow DSL (JSON)"
            readOnly
            schema={workflowSchema}
            text={JSON.stringify(document, null, 2)}
          />
        </Box>
        <Stack component="aside" w={340} miw={340} gap="md">
          <StepPanel
            key={selectedNode.id}
            node={selectedNode}
            stepId={stepIds[selectedNode.id]}
            workflow={base}
            readOnly={!canEdit}
            problems={nodeProblems.get(selectedNode.id) ?? []}
            onWorkflow={(changes) => {
              setBase({ ...base, ...changes });
            }}
            onStep={(step) => {
              edited({
                ...graph,
                nodes: graph.nodes.map((n) => (n.id === selectedNode.id ? { ...n, step } : n)),
              });
            }}
            onAdd={(handle, kind) => {
              do counter += 1;
              while (graph.nodes.some((n) => n.id === `n${counter}`));
              const newId = `n${counter}`;
              edited(insertStep(graph, selectedNode.id, handle, NEW_STEPS[kind](), newId));
              setSelected(newId);
            }}
            onRemove={() => {
              edited(removeStep(graph, selectedNode.id));
              setSelected(TRIGGER_ID);
            }}
          />
          <Panel id="wf-checks" title="Checks">
            {checks.length === 0 ? <p role="status">{validation ? 'Valid workflow.' : 'Checking…'}</p> : null}
            <List size="sm" c="red.9">
              {checks.map((check) => (
                <List.Item key={check}>{check}</List.Item>
              ))}
            </List>
            {(validation?.warnings ?? []).length > 0 && (
              <ul className="warnings">
                {validation?.warnings.map((w) => (
                  <li key={w.pointer + w.message}>{w.message}</li>
                ))}
              </ul>
            )}
          </Panel>
          {canEdit && (
            <Group gap="xs">
              <Button type="button" onClick={() => void save()}>
                Save workflow
              </Button>
            </Group>
          )}
          {saved && (
            <Alert color="green" variant="light" role="status" my="xs">
              Saved as a new version.
            </Alert>
          )}
          {error !== undefined && (
            <Alert color="red" variant="light" role="alert" my="xs">
              {error instanceof Error ? error.message : displayText(error)}
              <ul>
                {errors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </Alert>
          )}
          {id !== undefined && (
            <Panel id="wf-run" title="Run on a lead">
              <LeadIdSelect value={leadId} onChange={setLeadId} />
              <Group gap="xs" my="sm">
                <Button
                  variant="default"
                  type="button"
                  disabled={leadId === undefined}
                  onClick={() => void runDry()}
                >
                  Dry run
                </Button>
                {canEdit && (
                  <Button type="button" disabled={leadId === undefined} onClick={() => void execute()}>
                    Execute now
                  </Button>
                )}
              </Group>
              {dryRun && (
                <ol aria-label="Dry run" role="status">
                  {dryRun.map((step) => (
                    <li key={step.step_id}>
                      {step.step_id}: {step.kind} {step.action_type ?? step.duration ?? ''}{' '}
                      {step.branch ? `→ ${step.branch}` : ''}
                    </li>
                  ))}
                </ol>
              )}
            </Panel>
          )}
        </Stack>
      </Flex>
    </>
  );
}
