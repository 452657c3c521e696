import { Controller, Get, HttpCode, HttpStatus, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { IdParam } from '../http/id-param';
import { ApiPaginatedResponse, type Page, pageWindow, toPage } from '../http/pagination';
import { TaskDto, TaskQueryDto } from './dto/task.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({
    summary: 'Tasks made by create_task steps, newest first',
    description: 'Filters combine: `?lead_id=123&status=open&due_before=2025-12-01T00:00:00Z`.',
  })
  @ApiPaginatedResponse(TaskDto)
  @ApiBadRequestResponse({ description: 'A malformed filter or page.' })
  async list(@Query() query: TaskQueryDto, @Req() request: Request): Promise<Page<TaskDto>> {
    const window = pageWindow(query);
    return toPage(request, window, await this.tasks.list(query, window));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Retrieve a task' })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ description: 'No such task.' })
  get(@IdParam() id: number): Promise<TaskDto> {
    return this.tasks.get(id);
  }

  @Post(':id/complete')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark a task done (editor); completing a done task changes nothing' })
  @ApiOkResponse({ type: TaskDto, description: 'The task with `status: "done"` and `completed_at` set.' })
  @ApiNotFoundResponse({ description: 'No such task.' })
  @ApiForbiddenResponse({ description: 'Viewers cannot change tasks.' })
  complete(@IdParam() id: number): Promise<TaskDto> {
    return this.tasks.setStatus(id, 'done');
  }

  @Post(':id/reopen')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reopen a done task (editor); reopening an open task changes nothing' })
  @ApiOkResponse({ type: TaskDto, description: 'The task with `status: "open"` and `completed_at: null`.' })
  @ApiNotFoundResponse({ description: 'No such task.' })
  @ApiForbiddenResponse({ description: 'Viewers cannot change tasks.' })
  reopen(@IdParam() id: number): Promise<TaskDto> {
    return this.tasks.setStatus(id, 'open');
  }
}
