import { Handle, type NodeProps, Position } from '@xyflow/react';
import type { GraphNode } from '../../workflows/graph';

export interface NodeData extends Record<string, unknown> {
  node: GraphNode;
  label: string;
  detail: string;
}

/** One step of the graph: a box with its kind and summary, a target on the left and its exits on the right. */
function StepNode({ data, selected }: NodeProps & { data: NodeData }) {
  const { node } = data;
  return (
    <div className={`flow-node flow-${node.kind}${selected ? ' flow-selected' : ''}`}>
      {node.kind !== 'trigger' && <Handle type="target" position={Position.Left} />}
      <strong>{data.label}</strong>
      <div className="flow-detail">{data.detail}</div>
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
