import { Button, Fieldset, Group, List, Select, Text, TextInput } from '@mantine/core';
import { ACTION_TYPES, TRIGGER_TYPES } from '@leadflow/dsl/src/workflow/workflow-types';
import { JsonField } from '../../editor/JsonField';
import { useState } from 'react';
import type { FieldError } from '../../api/client';
import { fieldError } from '../../components/ui';
import type { GraphNode, Handle, StepData, StepKind, WorkflowDocument } from '../../workflows/graph';
import { messagesAt, type NodeProblem, otherProblems } from '../../workflows/node-problems';
import { ConditionBuilder } from '../rules/ConditionBuilder';

export { ACTION_TYPES, TRIGGER_TYPES };

/** A JSON object edited as text: the value changes only while the text parses to an object. */
function JsonObjectField({
  label,
  value,
  onChange,
  errors = [],
}: {
  label: string;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  /** The API's errors for the value (shown while the text parses). */
  errors?: string[];
}) {
  const [text, setText] = useState(JSON.stringify(value, null, 2));
  const [error, setError] = useState<string>();
  return (
    <JsonField
      label={label}
      errors={error ? [error] : errors}
      text={text}
      onText={(typed) => {
        setText(typed);
        try {
          const parsed: unknown = JSON.parse(typed);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
            throw new Error('must be a JSON object');
          setError(undefined);
          onChange(parsed as Record<string, unknown>);
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : String(failure));
        }
      }}
    />
  );
}

export const NEW_STEPS: Record<StepKind, () => StepData> = {
  action: () => ({ kind: 'action', action: 'create_task', config: { title: 'Follow up', due_in_days: 1 } }),
  delay: () => ({ kind: 'delay', delay: 'PT1H' }),
  branch: () => ({
    kind: 'branch',
    condition: { all: [{ field: 'industry', operator: 'equals', value: '' }] },
  }),
};

/** The members of a node's step (pointer paths below it) that the panel has a field for. */
const PANEL_MEMBERS: Record<GraphNode['kind'], string[]> = {
  trigger: ['trigger_type', 'trigger_config'],
  action: ['action', 'config'],
  delay: ['delay'],
  branch: ['branch/if'],
};

/** The API's condition errors in the rule form's terms ("conditions.all.0.value"), for the condition builder. */
function conditionErrors(problems: NodeProblem[]): FieldError[] {
  return problems
    .filter((problem) => problem.path === 'branch/if' || problem.path.startsWith('branch/if/'))
    .map((problem) => ({
      field: ['conditions', ...problem.path.split('/').slice(2)].join('.'),
      message: problem.message,
    }));
}

/**
 * The side panel: the selected node's configuration, with the API's validation errors for the node beside
 * the fields they name, and where to add the next step.
 */
export function StepPanel({
  node,
  stepId,
  workflow,
  problems,
  onWorkflow,
  onStep,
  onAdd,
  onRemove,
  readOnly,
}: {
  node: GraphNode;
  /** the id the compiled workflow gives the step (s1, …), as dry runs and executions show it */
  stepId: string | undefined;
  workflow: WorkflowDocument;
  onWorkflow: (changes: Partial<WorkflowDocument>) => void;
  onStep: (step: StepData) => void;
  onAdd: (handle: Handle, kind: StepKind) => void;
  onRemove: () => void;
  readOnly: boolean;
  problems: NodeProblem[];
}) {
  const step = node.step;
  const unplaced = otherProblems(problems, PANEL_MEMBERS[node.kind]);
  const exits: Handle[] = node.kind === 'branch' ? ['then', 'else', 'next'] : ['next'];
  const exitLabel = (handle: Handle) => (handle === 'next' ? 'after this step' : `under ${handle}`);
  return (
    <Fieldset
      disabled={readOnly}
      // a fieldset is as wide as its widest content by default: a long JSON line would widen the panel
      miw={0}
      legend={node.kind === 'trigger' ? 'Trigger' : `Step ${stepId ?? '(not connected)'}: ${node.kind}`}
    >
      {unplaced.length > 0 && (
        <List size="sm" c="red.9" aria-label="Problems in this step">
          {unplaced.map((message) => (
            <List.Item key={message}>{message}</List.Item>
          ))}
        </List>
      )}
      {node.kind === 'trigger' && (
        <>
          <Select
            label="Trigger type"
            error={fieldError(messagesAt(problems, 'trigger_type'))}
            data={[...TRIGGER_TYPES]}
            value={workflow.trigger_type}
            allowDeselect={false}
            onChange={(trigger_type) => {
              if (trigger_type) onWorkflow({ trigger_type });
            }}
          />
          <JsonObjectField
            label="Trigger config (JSON)"
            value={workflow.trigger_config}
            onChange={(trigger_config) => {
              onWorkflow({ trigger_config });
            }}
            errors={messagesAt(problems, 'trigger_config')}
          />
        </>
      )}
      {step?.kind === 'action' && (
        <>
          <Select
            label="Action type"
            error={fieldError(messagesAt(problems, 'action'))}
            data={[...ACTION_TYPES]}
            value={step.action}
            allowDeselect={false}
            onChange={(action) => {
              if (action) onStep({ ...step, action });
            }}
          />
          <JsonObjectField
            key={node.id}
            label="Action config (JSON)"
            value={step.config ?? {}}
            onChange={(config) => {
              onStep({ ...step, config });
            }}
            errors={messagesAt(problems, 'config')}
          />
        </>
      )}
      {step?.kind === 'delay' && (
        <TextInput
          label="Delay (ISO-8601 duration)"
          description="PT30S, PT1H, P2D"
          error={fieldError(messagesAt(problems, 'delay'))}
          value={step.delay ?? ''}
          onChange={(e) => {
            onStep({ ...step, delay: e.currentTarget.value });
          }}
        />
      )}
      {step?.kind === 'branch' && (
        <div>
          <Text size="xs" c="dimmed" mt="sm">
            If these conditions hold on the lead's fresh facts, the steps under then run; else those under
            else.
          </Text>
          <ConditionBuilder
            key={node.id}
            conditions={step.condition ?? { all: [] }}
            onChange={(condition) => {
              onStep({ ...step, condition: condition });
            }}
            errors={conditionErrors(problems)}
          />
        </div>
      )}
      {exits.map((handle) => (
        <Group key={handle} gap="xs" my="sm" role="group" aria-label={`Add a step ${exitLabel(handle)}`}>
          {(['action', 'delay', 'branch'] as const).map((kind) => (
            <Button
              key={kind}
              variant="default"
              size="xs"
              type="button"
              onClick={() => {
                onAdd(handle, kind);
              }}
            >
              Add {kind} {exitLabel(handle)}
            </Button>
          ))}
        </Group>
      ))}
      {node.kind !== 'trigger' && (
        <Button color="red" variant="outline" type="button" onClick={onRemove}>
          Remove this step
        </Button>
      )}
    </Fieldset>
  );
}
