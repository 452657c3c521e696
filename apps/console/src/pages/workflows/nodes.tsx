import { Handle, type NodeProps, Position } from '@xyflow/react';
import type { GraphNode } from '../../workflows/graph';

export interface NodeData extends Record<string, unknown> {
  node: GraphNode;
  label: string;
  detail: string;
  /** the compiled step id (s1, …); undefined while the node is not connected */
  stepId?: string | undefined;
  /** How many of the API's validation errors lie in this node's step. */
  problems: number;
}

/** The visible marker of a node the API found errors in; its text says how many, for screen readers too. */
export function ProblemCount({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <span className="flow-problems">
      {' '}
      ⚠ {count} {count === 1 ? 'problem' : 'problems'}
    </span>
  );
}

/** One step of the graph: a box with its kind and summary, a target on the left and its exits on the right. */
function StepNode({ data, selected }: NodeProps & { data: NodeData }) {
  const { node } = data;
  return (
    <div
      className={`flow-node flow-${node.kind}${selected ? ' flow-selected' : ''}${data.problems ? ' flow-invalid' : ''}`}
    >
      {node.kind !== 'trigger' && <Handle type="target" position={Position.Left} />}
      <strong>
        {data.stepId && <span className="flow-step-id">{data.stepId} </span>}
        {data.label}
      </strong>
      <div className="flow-detail">{data.detail}</div>
      <ProblemCount count={data.problems} />
      {node.kind === 'branch' ? (
        <>
          <Handle type="source" id="then" position={Position.Right} style={{ top: '30%' }} />
          <Handle type="source" id="else" position={Position.Right} style={{ top: '70%' }} />
          <Handle type="source" id="next" position={Position.Bottom} />
          <span className="flow-exits">then ↗ · else ↘ · after ↓</span>
        </>
      ) : (
        <Handle type="source" id="next" position={Position.Right} />
      )}
    </div>
  );
}

export const NODE_TYPES = { trigger: StepNode, action: StepNode, delay: StepNode, branch: StepNode };
