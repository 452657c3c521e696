import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { insertOnce, withoutMongoId } from '../insert-once';
import { SequentialIds } from '../sequential-ids';
import { type TaskDocument, type TaskStatus, taskSchema } from './task.schema';

export type NewTask = Omit<TaskDocument, 'id' | 'completed_at'>;

@Injectable()
export class TasksRepository implements OnModuleInit {
  private readonly tasks: Model<TaskDocument>;
  private readonly ids: SequentialIds;

  constructor(@InjectConnection() connection: Connection) {
    this.tasks = connection.model<TaskDocument>('Task', taskSchema, 'tasks', { overwriteModels: true });
    this.ids = new SequentialIds(connection);
  }

  async onModuleInit(): Promise<void> {
    await this.tasks.init();
  }

  /** Creates the task unless its `effect_key` already made one; returns the stored task either way. */
  async createOnce(task: NewTask): Promise<{ task: TaskDocument; created: boolean }> {
    const { record, created } = await insertOnce<TaskDocument>(this.ids, this.tasks, 'tasks', {
      ...task,
      completed_at: null,
    });
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

  /** Completes (`done`) or reopens (`open`) a task. */
  async setStatus(id: number, status: TaskStatus, now: Date): Promise<TaskDocument | null> {
    const completed_at = status === 'done' ? now : null;
    const result = await this.tasks.updateOne({ id }, { $set: { status, completed_at } });
    if (result.matchedCount === 0) return null;
    return this.findById(id);
  }
}
