// One tick of a time-based workflow: every lead its filter matches gets its own qualification run, started
// as a child in batches. Deterministic workflow code: relative imports only.
import {
  continueAsNew,
  ParentClosePolicy,
  proxyActivities,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { ScheduleActivities, ScheduledTickInput, ScheduledTickResult } from '../contracts/qualification';
import { qualificationRunId } from '../../libs/domain/src/workflow-event';
import { qualificationWorkflow } from './qualification.workflow';

const { findScheduledLeads } = proxyActivities<ScheduleActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 5 },
});

/** Leads asked for per activity call. */
export const TICK_BATCH_SIZE = 100;
/** Children started by one run before it continues as new, to keep its history far below the limits. */
export const TICK_RUN_LIMIT = 1_000;

export async function scheduledTickWorkflow(input: ScheduledTickInput): Promise<ScheduledTickResult> {
  // The first run of a tick names it after its own workflow id (unique per schedule action); runs that
  // continue as new carry that name along.
  const tickId = input.tick_id ?? workflowInfo().workflowId;
  let afterLeadId = input.after_lead_id ?? 0;
  let started = 0;
  for (;;) {
    const page = await findScheduledLeads(
      {
        definition_id: input.definition_id,
        version: input.version,
        tick_id: tickId,
        id_prefix: input.id_prefix,
      },
      afterLeadId,
      TICK_BATCH_SIZE,
    );
    await Promise.all(
      page.lead_ids.map((leadId) =>
        startChild(qualificationWorkflow, {
          workflowId: `${input.id_prefix}.${qualificationRunId(input.definition_id, leadId, tickId)}`,
          args: [
            { definition_id: input.definition_id, version: input.version, lead_id: leadId, event_id: tickId },
          ],
          // The lead's run goes on even if this tick run ends or continues as new.
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        }),
      ),
    );
    started += page.lead_ids.length;
    if (page.next_after_lead_id === null) return { started };
    afterLeadId = page.next_after_lead_id;
    if (started >= TICK_RUN_LIMIT) {
      await continueAsNew<typeof scheduledTickWorkflow>({
        ...input,
        after_lead_id: afterLeadId,
        tick_id: tickId,
      });
    }
  }
}
