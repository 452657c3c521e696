import type { LeadsRepository, RoundRobinTurnsRepository, UsersRepository } from '@leadflow/persistence';
import type { PickNextMember, UserDocument } from '@leadflow/persistence';
import { validationError } from '../action-errors';
import type { ActionHandler } from '../action-context';

export interface AssignOwnerDependencies {
  leads: Pick<LeadsRepository, 'update'>;
  users: Pick<UsersRepository, 'findById'>;
  roundRobin: Pick<RoundRobinTurnsRepository, 'takeTurn'>;
}

/**
 * The pool's members in order name its rotation: every workflow step with the same list shares one cursor,
 * the way a sales team's rotation is shared by every workflow that hands it leads.
 */
export function poolKeyOf(pool: readonly number[]): string {
  return `round_robin:${pool.join(',')}`;
}

/** The next active member after the previous turn's position, walking round the pool at most once. */
function nextActiveMember(
  pool: readonly number[],
  findUser: (id: number) => Promise<UserDocument | null>,
): PickNextMember {
  return async (previous) => {
    const start = previous ? previous.position + 1 : 0;
    for (let offset = 0; offset < pool.length; offset++) {
      const position = start + offset;
      const userId = pool[position % pool.length]!;
      const user = await findUser(userId);
      if (user?.is_active) return { position, user_id: userId };
    }
    return null;
  };
}

export function assignOwner(deps: AssignOwnerDependencies): ActionHandler<'assign_owner'> {
  return async (config, { lead, effectKey, now }) => {
    if ('owner_id' in config) {
      const owner = await deps.users.findById(config.owner_id);
      if (!owner) throw validationError(`assign_owner: user ${config.owner_id} does not exist`);
      if (!owner.is_active) throw validationError(`assign_owner: user ${config.owner_id} is inactive`);
      await deps.leads.update(lead.id, { owner_id: owner.id });
      return `owner set to ${owner.id}`;
    }
    const pool = config.round_robin;
    if (!Array.isArray(pool) || pool.length === 0 || !pool.every((id) => Number.isInteger(id))) {
      throw validationError('assign_owner: round_robin must be a non-empty list of user ids');
    }
    // One lookup per member per attempt: a lost race re-picks from the same answers.
    const lookups = new Map<number, Promise<UserDocument | null>>();
    const findUser = (id: number): Promise<UserDocument | null> => {
      let found = lookups.get(id);
      if (!found) {
        found = deps.users.findById(id);
        lookups.set(id, found);
      }
      return found;
    };
    const turn = await deps.roundRobin.takeTurn(
      poolKeyOf(pool),
      effectKey,
      nextActiveMember(pool, findUser),
      now,
    );
    if (!turn) throw validationError(`assign_owner: no active user in round_robin [${pool.join(', ')}]`);
    await deps.leads.update(lead.id, { owner_id: turn.user_id });
    return `owner set to ${turn.user_id} (round robin turn ${turn.turn})`;
  };
}
