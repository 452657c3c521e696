import type { ActionConfigs, ActionType } from '@leadflow/dsl';
import type { LeadDocument } from '@leadflow/persistence';
import type { ActionRequest } from '../contracts/qualification';

/** What every action knows about the step it performs. */
export interface ActionContext {
  request: ActionRequest;
  /** the lead as read when this attempt started */
  lead: LeadDocument;
  /**
   * `workflow_id/step_id`: the same on every attempt of the step, so each effect record carries it under a
   * unique index and a redone step finds what an earlier attempt made instead of making it again.
   */
  effectKey: string;
  now: Date;
}

/** Performs one action and returns a short account of the effect ("owner set to 5"). */
export type ActionHandler<K extends ActionType> = (
  config: ActionConfigs[K],
  context: ActionContext,
) => Promise<string>;

export type ActionHandlers = { [K in ActionType]: ActionHandler<K> };
