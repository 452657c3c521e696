import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { type TaskDocument, TasksRepository, type TaskStatus } from '@leadflow/persistence';
import type { Page, PageWindow } from '../http/pagination';
import type { TaskDto, TaskQueryDto } from './dto/task.dto';

function toTaskDto(task: TaskDocument): TaskDto {
  const { effect_key: _internal, ...shown } = task;
  return shown;
}

function taskNotFound(id: number): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, `Task ${id} does not exist`);
}

/** The tasks that workflows' create_task steps make, and their completion by people. */
@Injectable()
export class TasksService {
  constructor(private readonly tasks: TasksRepository) {}

  async list(query: TaskQueryDto, window: PageWindow): Promise<Omit<Page<TaskDto>, 'next' | 'previous'>> {
    const found = await this.tasks.list({
      ...(query.lead_id !== undefined && { lead_id: query.lead_id }),
      ...(query.status !== undefined && { status: query.status }),
      ...(query.assignee_id !== undefined && { assignee_id: query.assignee_id }),
      ...(query.due_before !== undefined && { due_before: new Date(query.due_before) }),
      skip: window.skip,
      limit: window.limit,
    });
    return { count: found.count, results: found.results.map(toTaskDto) };
  }

  async get(id: number): Promise<TaskDto> {
    const task = await this.tasks.findById(id);
    if (!task) throw taskNotFound(id);
    return toTaskDto(task);
  }

  /** Idempotent: completing a done task (or reopening an open one) returns it unchanged, `completed_at` kept. */
  async setStatus(id: number, status: TaskStatus): Promise<TaskDto> {
    const task = await this.tasks.findById(id);
    if (!task) throw taskNotFound(id);
    if (task.status === status) return toTaskDto(task);
    const updated = await this.tasks.setStatus(id, status, new Date());
    if (!updated) throw taskNotFound(id);
    return toTaskDto(updated);
  }
}
