import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Registered on the server by the launcher (`--search-attribute LeadId=Keyword ...`) and set on every
 * qualification run, so that ops can find a lead's or a workflow definition's runs in the Temporal UI.
 */
export const LEAD_ID = defineSearchAttributeKey('LeadId', SearchAttributeType.KEYWORD);
export const WORKFLOW_DEFINITION_ID = defineSearchAttributeKey(
  'WorkflowDefinitionId',
  SearchAttributeType.KEYWORD,
);
/**
 * The definitions a lead event's run executes (leadEventWorkflow), so that "runs of definition N" stays
 * searchable (`WorkflowDefinitionIds = 'N'` matches a list that holds N).
 */
export const WORKFLOW_DEFINITION_IDS = defineSearchAttributeKey(
  'WorkflowDefinitionIds',
  SearchAttributeType.KEYWORD_LIST,
);
