import type { Grade, TopLevelCondition } from '@leadflow/domain';
import type { DraftGroup, DslGroup } from '../types';

export const TRIGGER_TYPES = [
  'score_threshold',
  'stage_change',
  'grade_change',
  'field_update',
  'time_based',
  'manual',
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const ACTION_TYPES = [
  'assign_owner',
  'change_status',
  'send_email',
  'create_task',
  'send_notification',
  'move_to_stage',
  'update_field',
  'add_to_campaign',
  'webhook',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export type ScalarConfigValue = string | number | boolean | null;

export interface ScoreThresholdConfig {
  score: number;
  /** the trigger fires again only after the score has dropped below this */
  rearm_below?: number;
  cooldown_days?: number;
}
export interface StageChangeConfig {
  from?: string;
  to?: string;
}
export interface GradeChangeConfig {
  from?: Grade;
  to?: Grade;
}
export interface FieldUpdateConfig {
  field: string;
  value?: ScalarConfigValue;
}
export interface TimeBasedConfig {
  cron: string;
  timezone?: string;
  filter?: DslGroup;
}
export type ManualConfig = Record<string, never>;

export interface TriggerConfigs {
  score_threshold: ScoreThresholdConfig;
  stage_change: StageChangeConfig;
  grade_change: GradeChangeConfig;
  field_update: FieldUpdateConfig;
  time_based: TimeBasedConfig;
  manual: ManualConfig;
}
export type TriggerConfig = TriggerConfigs[TriggerType];

export interface ActionConfigs {
  assign_owner: { owner_id: number } | { round_robin: number[] };
  change_status: { status: string };
  send_email: { to?: string; template?: string; subject: string; body?: string };
  create_task: {
    title: string;
    description?: string;
    due_in_days?: number;
    priority?: 'low' | 'medium' | 'high' | 'urgent';
  };
  send_notification: { message: string; user_id?: number };
  move_to_stage: { stage: string };
  update_field: { field: string; value: ScalarConfigValue };
  add_to_campaign: { campaign: string | number };
  webhook: {
    url: string;
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    headers?: Record<string, string>;
  };
}
export type ActionConfig = ActionConfigs[ActionType];

export interface RetryPolicy {
  initial_interval: string;
  backoff: number;
  maximum_attempts: number;
}

/** Multi-step DSL steps, as validated (branch conditions parsed). */
export type WorkflowStepDsl =
  | { action: ActionType; config: ActionConfig; retry?: Partial<RetryPolicy> }
  | { delay: string }
  | { branch: { if: DslGroup; then: WorkflowStepDsl[]; else?: WorkflowStepDsl[] } };

/**
 * A multi-step step as written, before validation: the console's workflow editor holds these drafts (any
 * action name, config as typed, a draft condition under a branch).
 */
export type WorkflowStepDraft =
  | { action: string; config: Record<string, unknown>; retry?: Record<string, unknown> }
  | { delay: string }
  | { branch: { if: DraftGroup; then: WorkflowStepDraft[]; else?: WorkflowStepDraft[] } };

interface WorkflowCommon {
  name: string;
  description?: string;
  trigger_type: TriggerType;
  trigger_config: TriggerConfig;
  priority: number;
  is_active: boolean;
}
/** The guide's form: one trigger, one action. */
export interface SingleActionWorkflow extends WorkflowCommon {
  action_type: ActionType;
  action_config: ActionConfig;
}
export interface MultiStepWorkflow extends WorkflowCommon {
  steps: WorkflowStepDsl[];
}
/** A validated workflow (defaults applied: priority 1, is_active true, trigger_config {}). */
export type Workflow = SingleActionWorkflow | MultiStepWorkflow;

/**
 * Facts of the event a trigger is evaluated against (plus the lead's facts, for field_update values and
 * time_based filters). `changed_fields` names the lead fields the event changed; a score calculation that
 * changes the qualification stage lists "stage" (and "score" when the score moved).
 */
export const TRIGGER_EVENT_FACTS = [
  'score',
  'previous_score',
  'stage',
  'previous_stage',
  'changed_fields',
  'event_type',
] as const;
export const WORKFLOW_EVENT_TYPES = {
  scoreCalculated: 'score_calculated',
  leadUpdated: 'lead_updated',
  schedule: 'schedule',
  manual: 'manual',
} as const;

/** json-rules-engine rule over the event facts; it fires the workflow when it matches. */
export interface TriggerRule {
  name: string;
  priority: number;
  conditions: TopLevelCondition;
  event: { type: 'workflow_trigger' };
}

export type ProgramStep =
  | { id: string; kind: 'action'; action_type: ActionType; config: ActionConfig; retry: RetryPolicy }
  | { id: string; kind: 'delay'; duration: string; ms: number }
  | { id: string; kind: 'branch'; condition: TopLevelCondition; then: ProgramStep[]; else: ProgramStep[] };

/** What the Temporal workflow interprets. A running execution keeps the program version it started with. */
export interface WorkflowProgram {
  /** the format of this object; bumped when the interpreter must tell old programs apart */
  format: typeof WORKFLOW_PROGRAM_FORMAT;
  /** revision of the workflow definition this program was compiled from */
  version: number;
  name: string;
  priority: number;
  is_active: boolean;
  trigger: { type: TriggerType; config: TriggerConfig; rule: TriggerRule };
  steps: ProgramStep[];
}
export const WORKFLOW_PROGRAM_FORMAT = 'leadflow.workflow/v1';
