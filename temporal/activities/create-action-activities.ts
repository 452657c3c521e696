import { ACTION_TYPES, type ActionConfig, type ActionType } from '@leadflow/dsl';
import type {
  CampaignMembershipsRepository,
  EffectLedgerRepository,
  LeadsRepository,
  NotificationsRepository,
  RoundRobinTurnsRepository,
  SentEmailsRepository,
  StageMovesRepository,
  TasksRepository,
  UsersRepository,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';
import {
  type ActionRequest,
  type ActionResult,
  completedWithAction,
  type QualificationActivities,
} from '../contracts/qualification';
import { finalDomainError, leadGone, validationError, withAttempt } from './action-errors';
import { currentAttempt } from './activity-attempt';
import type { ActionContext, ActionHandlers } from './action-context';
import { addToCampaign } from './actions/add-to-campaign';
import { assignOwner } from './actions/assign-owner';
import { changeStatus } from './actions/change-status';
import { createTask } from './actions/create-task';
import { moveToStage } from './actions/move-to-stage';
import { sendEmail } from './actions/send-email';
import { sendNotification } from './actions/send-notification';
import { updateField } from './actions/update-field';
import { webhook, type WebhookDependencies } from './actions/webhook';
import type { Mailer } from './smtp-mailer';
import { storedOutcome } from './run-outcome';

export interface ActionActivityDependencies {
  leads: Pick<LeadsRepository, 'findById' | 'update' | 'recordOutcome'>;
  users: Pick<UsersRepository, 'findById'>;
  ledger: Pick<EffectLedgerRepository, 'completedSummary' | 'complete'>;
  tasks: Pick<TasksRepository, 'createOnce'>;
  notifications: Pick<NotificationsRepository, 'createOnce'>;
  emails: Pick<SentEmailsRepository, 'recordOnce' | 'markSent'>;
  campaigns: Pick<CampaignMembershipsRepository, 'add'>;
  roundRobin: Pick<RoundRobinTurnsRepository, 'takeTurn'>;
  stageMoves: Pick<StageMovesRepository, 'recordOnce'>;
  /** where an action that is its run's last step records the run's outcome (ActionRequest.finish) */
  executions: Pick<WorkflowExecutionsRepository, 'finish'>;
  mailer: Mailer;
  /** the SSRF policy and signing secret of webhook calls */
  outbound: WebhookDependencies;
  clock?: () => Date;
}

function isActionType(value: unknown): value is ActionType {
  return typeof value === 'string' && (ACTION_TYPES as readonly string[]).includes(value);
}

/**
 * The qualification workflow's `runAction` activity. Every effect goes through the ledger keyed by
 * (workflow_id, step_id): an attempt that finds the effect completed reports `already_done` and does nothing;
 * one that finds no record (the first, or one after an attempt crashed or timed out midway) performs it, which
 * each action makes safe with records unique per step (task, notification, email, stage move, round-robin
 * turn, campaign membership), plain sets (status, fields, owner), or a stable delivery id (email Message-ID,
 * webhook X-Leadflow-Delivery) that lets the receiver drop a repeat.
 */
export function createActionActivities(
  deps: ActionActivityDependencies,
): Pick<QualificationActivities, 'runAction'> {
  const clock = deps.clock ?? (() => new Date());
  const handlers: ActionHandlers = {
    assign_owner: assignOwner(deps),
    change_status: changeStatus(deps),
    move_to_stage: moveToStage(deps),
    update_field: updateField(deps),
    create_task: createTask(deps),
    send_notification: sendNotification(deps),
    send_email: sendEmail(deps),
    add_to_campaign: addToCampaign(deps),
    webhook: webhook(deps.outbound),
  };

  // The request pairs a type with its config only by convention; the lookup trusts that pairing, and each
  // handler checks the fields it reads.
  const perform = (type: ActionType, config: unknown, context: ActionContext): Promise<string> =>
    (handlers[type] as (config: ActionConfig, context: ActionContext) => Promise<string>)(
      config as ActionConfig,
      context,
    );

  const act = async (request: ActionRequest): Promise<Omit<ActionResult, 'attempt'>> => {
    if (!isActionType(request.action_type)) {
      throw validationError(`unknown action type ${JSON.stringify(request.action_type)}`);
    }
    const config: unknown = request.config;
    if (typeof config !== 'object' || config === null) {
      throw validationError(`${request.action_type}: config must be an object`);
    }
    const key = { workflow_id: request.workflow_id, step_id: request.step_id };
    const now = clock();
    // Both reads at once: one round trip before the effect.
    const [done, lead] = await Promise.all([
      deps.ledger.completedSummary(key),
      deps.leads.findById(request.lead_id),
    ]);
    if (done !== null) return { already_done: true, summary: done };
    if (!lead) throw leadGone(request.lead_id);
    const effectKey = `${request.workflow_id}/${request.step_id}`;
    const summary = await perform(request.action_type, config, { request, lead, effectKey, now });
    await deps.ledger.complete(
      key,
      { action_type: request.action_type, lead_id: request.lead_id, started_at: now },
      summary,
      clock(),
    );
    return { already_done: false, summary };
  };

  /** The run's outcome, when this action was its last step: the steps before it, and its own. */
  const finishRun = async (request: ActionRequest, attempt: number): Promise<boolean> => {
    if (!request.finish) return false;
    const outcome = storedOutcome(completedWithAction(request, attempt));
    if (outcome) await deps.executions.finish(request.workflow_id, outcome, clock());
    return true;
  };

  return {
    async runAction(request: ActionRequest): Promise<ActionResult> {
      const attempt = currentAttempt();
      try {
        const done = await act(request);
        // Recorded on a retry too (the effect in the ledger, the outcome not yet): the write is a plain set.
        const finished = await finishRun(request, attempt);
        return { ...done, attempt, ...(finished ? { finished } : {}) };
      } catch (error) {
        throw withAttempt(finalDomainError(error), attempt);
      }
    },
  };
}
