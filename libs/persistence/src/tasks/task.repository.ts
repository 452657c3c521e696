import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertOnce, withoutMongoId } from '../insert-once';
import { SequentialIds } from '../sequential-ids';
import { type TaskDocument, type TaskStatus, TASK_MODEL } from './task.schema';

export type NewTask = Omit<TaskDocument, 'id' | 'completed_at'>;

export interface TaskListFilter {
  lead_id?: number;
  status?: TaskStatus;
  assignee_id?: number;
  /** due strictly before this instant; tasks without a due date never match */
  due_before?: Date;
  skip: number;
  limit: number;
}

/** Task ids a process reserves at a time (SequentialIds.fromBlock). */
const TASK_ID_BLOCK = 100;

@Injectable()
export class TasksRepository implements OnModuleInit {
  constructor(
    @InjectModel(TASK_MODEL) private readonly tasks: Model<TaskDocument>,
    private readonly ids: SequentialIds,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.tasks.init();
  }

  /** Creates the task unless its `effect_key` already made one; returns the stored task either way. */
  async createOnce(task: NewTask): Promise<{ task: TaskDocument; created: boolean }> {
    // Ids from this process's block (one counter write per TASK_ID_BLOCK tasks: a flood of runs creates a
    // task each, and every counter write is contended): tasks are listed by creation time, not by id.
    const { record, created } = await insertOnce<TaskDocument>(
      this.ids,
      this.tasks,
      'tasks',
      { ...task, completed_at: null },
      { block: TASK_ID_BLOCK },
    );
    return { task: withoutMongoId(record), created };
  }

  findById(id: number): Promise<TaskDocument | null> {
    return this.tasks.findOne({ id }, { _id: 0 }).lean<TaskDocument>().exec();
  }

  forLead(leadId: number): Promise<TaskDocument[]> {
    return this.tasks
      .find({ lead_id: leadId }, { _id: 0 })
      .sort({ created_at: -1, id: -1 })
      .lean<TaskDocument[]>()
      .exec();
  }

  /** One page of tasks matching every given filter, newest first. */
  async list(filter: TaskListFilter): Promise<{ count: number; results: TaskDocument[] }> {
    const query = {
      ...(filter.lead_id === undefined ? {} : { lead_id: filter.lead_id }),
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(filter.assignee_id === undefined ? {} : { assignee_id: filter.assignee_id }),
      // $lt never matches null, so undated tasks drop out of a due_before filter.
      ...(filter.due_before === undefined ? {} : { due_at: { $lt: filter.due_before } }),
    };
    const [count, results] = await Promise.all([
      this.tasks.countDocuments(query),
      this.tasks
        .find(query, { _id: 0 })
        .sort({ created_at: -1, id: -1 })
        .skip(filter.skip)
        .limit(filter.limit)
        .lean<TaskDocument[]>()
        .exec(),
    ]);
    return { count, results };
  }

  /** Completes (`done`) or reopens (`open`) a task. */
  async setStatus(id: number, status: TaskStatus, now: Date): Promise<TaskDocument | null> {
    const completed_at = status === 'done' ? now : null;
    const result = await this.tasks.updateOne({ id }, { $set: { status, completed_at } });
    if (result.matchedCount === 0) return null;
    return this.findById(id);
  }
}
