import type { LeadFields, LeadsRepository, StageMovesRepository } from '@leadflow/persistence';
import { validationError } from '../action-errors';
import type { ActionHandler } from '../action-context';

export interface MoveToStageDependencies {
  leads: Pick<LeadsRepository, 'update'>;
  stageMoves: Pick<StageMovesRepository, 'recordOnce'>;
}

export function moveToStage(deps: MoveToStageDependencies): ActionHandler<'move_to_stage'> {
  return async (config, { request, lead, effectKey, now }) => {
    const stage = typeof config.stage === 'string' ? config.stage.trim() : '';
    if (stage === '') throw validationError('move_to_stage: stage must be a non-empty string');
    // Recorded before the lead changes, so `from_stage` is the stage the step found; a redone step gets the
    // first record back instead of writing "from hot to hot".
    const move = await deps.stageMoves.recordOnce({
      lead_id: lead.id,
      from_stage: lead.qualification_stage,
      to_stage: stage,
      reason: `workflow ${request.workflow_id} step ${request.step_id}`,
      workflow_id: request.workflow_id,
      step_id: request.step_id,
      effect_key: effectKey,
      moved_at: now,
    });
    // qualification_stage belongs to the scoring state, not to LeadFields; the repository's update is a
    // plain $set, which is what a manual move is. The next score calculation may move the lead again.
    const change = { qualification_stage: stage } as unknown as Partial<LeadFields>;
    await deps.leads.update(lead.id, change);
    return `stage moved from ${move.from_stage} to ${stage}`;
  };
}
