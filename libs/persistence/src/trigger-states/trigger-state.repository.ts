import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type Connection, type Model, Schema } from 'mongoose';
import { isDuplicateKeyError } from '../sequential-ids';
import { bulkWriteInBatches } from '../bulk-write';

/** A score_threshold trigger's memory for one lead (domain ThresholdState): armed, and when it last fired. */
export interface TriggerStateDocument {
  workflow_definition_id: number;
  lead_id: number;
  armed: boolean;
  last_fired_at: Date | null;
}

const triggerStateSchema = new Schema<TriggerStateDocument>(
  {
    workflow_definition_id: { type: Number, required: true },
    lead_id: { type: Number, required: true },
    armed: { type: Boolean, required: true },
    last_fired_at: { type: Date, default: null },
  },
  { versionKey: false },
);
triggerStateSchema.index({ lead_id: 1, workflow_definition_id: 1 }, { unique: true });

/**
 * Read and written once per lead event. Events of one lead mostly come one at a time (the scoring queue keeps
 * one pending job per lead); when two race, the unique index keeps one document per (lead, workflow), and
 * the run id derived from each event keeps any firing from starting twice.
 */
@Injectable()
export class TriggerStatesRepository implements OnModuleInit {
  private readonly states: Model<TriggerStateDocument>;

  constructor(@InjectConnection() connection: Connection) {
    this.states = connection.model<TriggerStateDocument>(
      'TriggerState',
      triggerStateSchema,
      'trigger_states',
      {
        overwriteModels: true,
      },
    );
  }

  async onModuleInit(): Promise<void> {
    await this.states.init();
  }

  async forLead(leadId: number): Promise<Map<number, { armed: boolean; last_fired_at: Date | null }>> {
    const rows = await this.states.find({ lead_id: leadId }, { _id: 0 }).lean<TriggerStateDocument[]>();
    return new Map(
      rows.map((row) => [row.workflow_definition_id, { armed: row.armed, last_fired_at: row.last_fired_at }]),
    );
  }

  /** The stored states of several leads at once (a bulk run's chunk), by lead id. */
  async forLeads(
    leadIds: readonly number[],
  ): Promise<Map<number, Map<number, { armed: boolean; last_fired_at: Date | null }>>> {
    const byLead = new Map<number, Map<number, { armed: boolean; last_fired_at: Date | null }>>(
      leadIds.map((id) => [id, new Map()]),
    );
    const rows = await this.states
      .find({ lead_id: { $in: [...leadIds] } }, { _id: 0 })
      .lean<TriggerStateDocument[]>();
    for (const row of rows) {
      byLead
        .get(row.lead_id)
        ?.set(row.workflow_definition_id, { armed: row.armed, last_fired_at: row.last_fired_at });
    }
    return byLead;
  }

  /**
   * Several leads' states in one round trip (a batch of lead events), as `save` would write them one lead at
   * a time. Two first upserts of one state in different processes can still race on the unique index; the
   * batch is then written again lead by lead, where `save` resolves that race.
   */
  async saveMany(
    byLead: ReadonlyMap<number, ReadonlyMap<number, { armed: boolean; last_fired_at: Date | null }>>,
  ): Promise<void> {
    const operations = [...byLead].flatMap(([leadId, states]) =>
      [...states].map(([definitionId, state]) => ({
        updateOne: {
          filter: { lead_id: leadId, workflow_definition_id: definitionId },
          update: { $set: { armed: state.armed, last_fired_at: state.last_fired_at } },
          upsert: true,
        },
      })),
    );
    if (operations.length === 0) return;
    try {
      await bulkWriteInBatches(this.states, operations);
    } catch (error) {
      if (!isDuplicateKeyError(error) && !hasOnlyDuplicateKeyErrors(error)) throw error;
      for (const [leadId, states] of byLead) await this.save(leadId, states);
    }
  }

  async save(
    leadId: number,
    states: ReadonlyMap<number, { armed: boolean; last_fired_at: Date | null }>,
  ): Promise<void> {
    await Promise.all(
      [...states].map(async ([definitionId, state]) => {
        const filter = { lead_id: leadId, workflow_definition_id: definitionId };
        const update = { $set: { armed: state.armed, last_fired_at: state.last_fired_at } };
        try {
          await this.states.updateOne(filter, update, { upsert: true });
        } catch (error) {
          // Two first upserts of the same state race on the unique index; the document now exists.
          if (!isDuplicateKeyError(error)) throw error;
          await this.states.updateOne(filter, update);
        }
      }),
    );
  }
}

/** A bulk write that failed only on unique indexes (each entry of its writeErrors is error 11000). */
function hasOnlyDuplicateKeyErrors(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.length > 0 && list.every((entry) => isDuplicateKeyError(entry));
}
