import type { Connection } from 'mongoose';

/** A threshold trigger's memory as it was stored before it moved onto the lead (one document per pair). */
interface LegacyTriggerState {
  workflow_definition_id: number;
  lead_id: number;
  armed: boolean;
  last_fired_at: Date | null;
}

const LEGACY_COLLECTION = 'trigger_states';

/**
 * Moves the threshold memory of the `trigger_states` collection onto the leads (`trigger_states.<id>`), where
 * a calculation reads it with the lead and writes it in the same conditional write, and drops the collection.
 * A state already on the lead wins. Idempotent: several processes starting at once copy the same values.
 */
export async function moveTriggerStatesOntoLeads(connection: Connection): Promise<number> {
  const database = connection.db;
  if (!database) return 0;
  const found = await database.listCollections({ name: LEGACY_COLLECTION }).toArray();
  if (found.length === 0) return 0;
  const legacy = database.collection<LegacyTriggerState>(LEGACY_COLLECTION);
  const leads = database.collection('leads');
  let moved = 0;
  for await (const state of legacy.find({})) {
    const path = `trigger_states.${state.workflow_definition_id}`;
    const result = await leads.updateOne(
      { id: state.lead_id, [path]: { $exists: false } },
      { $set: { [path]: { armed: state.armed, last_fired_at: state.last_fired_at } } },
    );
    moved += result.modifiedCount;
  }
  await legacy.drop().catch(() => undefined);
  return moved;
}
