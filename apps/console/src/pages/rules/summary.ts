import type { ScoringRule } from '../../api/types';
import { draftRuleOf } from '@leadflow/dsl/src/draft-rule';
import { type DraftNode, isLeaf, isNestedRule } from '@leadflow/dsl/src/types';
import { valueToText } from '../../rules/values';

/** One line for a rule's condition: `industry in_list [...]`, or the nested tree in brackets. */
export function conditionSummary(rule: ScoringRule): string {
  const document = draftRuleOf(rule as unknown as Record<string, unknown>);
  if (!isNestedRule(document))
    return `${document.field_name} ${document.operator} ${valueToText(document.value)}`.trim();
  return nodeSummary(document.conditions);
}

function nodeSummary(node: DraftNode): string {
  if (isLeaf(node)) return `${node.field} ${node.operator} ${valueToText(node.value)}`.trim();
  if ('not' in node) return `not (${nodeSummary(node.not)})`;
  const [joiner, children] = 'all' in node ? [' and ', node.all] : [' or ', node.any];
  return `(${children.map(nodeSummary).join(joiner)})`;
}
