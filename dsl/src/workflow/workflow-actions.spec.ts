import type { Workflow } from './workflow-types';
import { userIdsOf, workflowActions } from './workflow-actions';

const common = {
  name: 'w',
  trigger_type: 'manual',
  trigger_config: {},
  priority: 1,
  is_active: true,
} as const;

describe('workflowActions', () => {
  it('names the single action of the guide form', () => {
    const workflow = {
      ...common,
      action_type: 'webhook',
      action_config: { url: 'https://x.example' },
    } as Workflow;
    expect(workflowActions(workflow)).toEqual([
      { pointer: '/action_config', action_type: 'webhook', config: { url: 'https://x.example' } },
    ]);
  });

  it('walks steps and both sides of branches, with pointers into the document', () => {
    const workflow = {
      ...common,
      steps: [
        { delay: 'PT1H' },
        {
          branch: {
            if: { all: [] },
            then: [{ action: 'assign_owner', config: { round_robin: [4, 5] } }],
            else: [{ action: 'send_notification', config: { message: 'm', user_id: 9 } }],
          },
        },
        { action: 'assign_owner', config: { owner_id: 3 } },
      ],
    } as unknown as Workflow;
    const actions = workflowActions(workflow);
    expect(actions.map((action) => action.pointer)).toEqual([
      '/steps/1/branch/then/0/config',
      '/steps/1/branch/else/0/config',
      '/steps/2/config',
    ]);
    expect(actions.flatMap(userIdsOf)).toEqual([
      { pointer: '/steps/1/branch/then/0/config/round_robin/0', id: 4 },
      { pointer: '/steps/1/branch/then/0/config/round_robin/1', id: 5 },
      { pointer: '/steps/1/branch/else/0/config/user_id', id: 9 },
      { pointer: '/steps/2/config/owner_id', id: 3 },
    ]);
  });
});
