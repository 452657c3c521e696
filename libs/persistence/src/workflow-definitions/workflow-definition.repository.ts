import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { nameKey } from '@leadflow/domain';
import type { WorkflowProgram } from '@leadflow/dsl';
import { isDuplicateKeyError, SequentialIds } from '../sequential-ids';
import { enforceUniqueNames, itemNamed, nameTaken, writeNamed } from '../unique-names';
import {
  type WorkflowDefinitionDocument,
  type WorkflowDefinitionVersionDocument,
  WORKFLOW_DEFINITION_MODEL,
  WORKFLOW_DEFINITION_VERSION_MODEL,
} from './workflow-definition.schema';

/** What a save writes: the header fields, the normalized source and a program compiled for `version`. */
export interface WorkflowDefinitionContent {
  name: string;
  trigger_type: string;
  priority: number;
  is_active: boolean;
  source: Record<string, unknown>;
  /** compiles the program for the version number the save ends up with */
  compile: (version: number) => WorkflowProgram;
}

const MAX_VERSION_ATTEMPTS = 20;

@Injectable()
export class WorkflowDefinitionsRepository implements OnModuleInit {
  constructor(
    @InjectModel(WORKFLOW_DEFINITION_MODEL) private readonly definitions: Model<WorkflowDefinitionDocument>,
    @InjectModel(WORKFLOW_DEFINITION_VERSION_MODEL)
    private readonly versions: Model<WorkflowDefinitionVersionDocument>,
    private readonly ids: SequentialIds,
  ) {}

  async onModuleInit(): Promise<void> {
    await Promise.all([this.definitions.init(), this.versions.init()]);
    await enforceUniqueNames(this.definitions.collection, 'workflows', (name) => ({
      'source.name': name,
      'program.name': name,
    }));
  }

  /** A name another workflow has (by nameKey) is a 409 naming that workflow. */
  async create(content: WorkflowDefinitionContent): Promise<WorkflowDefinitionDocument> {
    // Asked before the version is written, so that a refused name leaves no version behind.
    await this.refuseTakenName(content.name);
    const id = await this.ids.next('workflow_definitions');
    const version = await this.writeVersion(id, content);
    const { compile: _compile, ...fields } = content;
    const created = await writeNamed(this.definitions, 'workflows', content.name, undefined, () =>
      this.definitions.create({
        ...fields,
        name_key: nameKey(content.name),
        id,
        version: version.version,
        program: version.program,
        schedule_pending: true,
      }),
    );
    const { name_key: _key, ...document } = strip(created.toObject());
    return document;
  }

  private async refuseTakenName(name: string, exceptId?: number): Promise<void> {
    const holder = await itemNamed(this.definitions, name, exceptId);
    if (holder) throw nameTaken('workflows', name, holder);
  }

  /** Saves a new version; the stored definition then points at it. Null when there is no such definition. */
  async update(id: number, content: WorkflowDefinitionContent): Promise<WorkflowDefinitionDocument | null> {
    if (!(await this.definitions.exists({ id }))) return null;
    await this.refuseTakenName(content.name, id);
    const version = await this.writeVersion(id, content);
    const { compile: _compile, ...fields } = content;
    const set = {
      ...fields,
      name_key: nameKey(content.name),
      version: version.version,
      program: version.program,
      schedule_pending: true,
    };
    // Only move forward: a slower concurrent save must not point the definition back at an older version.
    await writeNamed(this.definitions, 'workflows', content.name, id, () =>
      this.definitions.updateOne({ id, version: { $lt: version.version } }, { $set: set }),
    );
    return this.findById(id);
  }

  findById(id: number): Promise<WorkflowDefinitionDocument | null> {
    return this.definitions.findOne({ id }, { _id: 0 }).lean<WorkflowDefinitionDocument>();
  }

  findVersion(definitionId: number, version: number): Promise<WorkflowDefinitionVersionDocument | null> {
    return this.versions
      .findOne({ definition_id: definitionId, version }, { _id: 0 })
      .lean<WorkflowDefinitionVersionDocument>();
  }

  listVersions(definitionId: number): Promise<WorkflowDefinitionVersionDocument[]> {
    return this.versions
      .find({ definition_id: definitionId }, { _id: 0, source: 0 })
      .sort({ version: -1 })
      .lean<WorkflowDefinitionVersionDocument[]>();
  }

  async list(filter: { is_active?: boolean; trigger_type?: string; skip: number; limit: number }) {
    const query = {
      ...(filter.is_active === undefined ? {} : { is_active: filter.is_active }),
      ...(filter.trigger_type === undefined ? {} : { trigger_type: filter.trigger_type }),
    };
    const [count, results] = await Promise.all([
      this.definitions.countDocuments(query),
      this.definitions
        .find(query, { _id: 0 })
        .sort({ priority: -1, id: 1 })
        .skip(filter.skip)
        .limit(filter.limit)
        .lean<WorkflowDefinitionDocument[]>(),
    ]);
    return { count, results };
  }

  /** The active definitions, highest priority first: what trigger evaluation reads after every event. */
  listActive(): Promise<WorkflowDefinitionDocument[]> {
    return this.definitions
      .find({ is_active: true }, { _id: 0 })
      .sort({ priority: -1, id: 1 })
      .lean<WorkflowDefinitionDocument[]>()
      .exec();
  }

  async count(filter: { is_active?: boolean } = {}): Promise<number> {
    return this.definitions.countDocuments(
      filter.is_active === undefined ? {} : { is_active: filter.is_active },
    );
  }

  /** Definitions whose Temporal schedule is not in line with them yet (see schedule_pending). */
  pendingSchedules(): Promise<WorkflowDefinitionDocument[]> {
    return this.definitions.find({ schedule_pending: true }, { _id: 0 }).lean<WorkflowDefinitionDocument[]>();
  }

  /** How many definitions wait for their schedule to be brought in line (the backlog's count). */
  countPendingSchedules(): Promise<number> {
    return this.definitions.countDocuments({ schedule_pending: true }).exec();
  }

  /** The schedule is in line with `version`; a save since then keeps it pending. */
  async scheduleSynced(id: number, version: number): Promise<void> {
    await this.definitions.updateOne(
      { id, version },
      { $set: { schedule_pending: false, schedule_error: null } },
      { timestamps: false },
    );
  }

  async scheduleFailed(id: number, version: number, error: string): Promise<void> {
    await this.definitions.updateOne(
      { id, version },
      { $set: { schedule_error: error } },
      { timestamps: false },
    );
  }

  /** Every definition id, for finding schedules whose definition was deleted. */
  async allIds(): Promise<Set<number>> {
    const rows = await this.definitions.find({}, { _id: 0, id: 1 }).lean<{ id: number }[]>();
    return new Set(rows.map((row) => row.id));
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.definitions.deleteOne({ id });
    return result.deletedCount === 1;
  }

  /** Writes the next version; the unique (definition, version) index settles concurrent saves. */
  private async writeVersion(definitionId: number, content: WorkflowDefinitionContent) {
    for (let attempt = 1; ; attempt++) {
      const latest = await this.versions
        .findOne({ definition_id: definitionId }, { version: 1 })
        .sort({ version: -1 })
        .lean();
      const version = (latest?.version ?? 0) + 1;
      const program = content.compile(version);
      try {
        await this.versions.create({ definition_id: definitionId, version, source: content.source, program });
        return { version, program };
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= MAX_VERSION_ATTEMPTS) throw error;
      }
    }
  }
}

function strip(document: WorkflowDefinitionDocument & { _id?: unknown }): WorkflowDefinitionDocument {
  const { _id: _ignored, ...rest } = document;
  return rest;
}
