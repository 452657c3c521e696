import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { CONFIG, type Config } from '@leadflow/config';
import { defaultFactRegistry, DomainError, ErrorCode } from '@leadflow/domain';
import {
  compileWorkflow,
  lintBundle,
  validateWorkflow,
  valueOrThrow,
  type Workflow,
  type WorkflowProgram,
} from '@leadflow/dsl';
import { WorkflowDefinitionsRepository, type WorkflowDefinitionDocument } from '@leadflow/persistence';
import { deleteDefinitionSchedule, upsertDefinitionSchedule } from '@leadflow/temporal/client';

/** A validated workflow and its linter warnings, for the validate endpoint and the editor. */
export interface WorkflowValidation {
  valid: boolean;
  errors: { pointer: string; code: string; message: string }[];
  warnings: { pointer: string; code: string; message: string }[];
  program?: WorkflowProgram;
}

/**
 * Workflow definitions: validated and compiled by the DSL, saved as immutable versions, and kept in step
 * with their Temporal Schedule when they are time based.
 */
@Injectable()
export class WorkflowDefinitionsService {
  private readonly registry = defaultFactRegistry();

  constructor(
    private readonly definitions: WorkflowDefinitionsRepository,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  validate(document: unknown): WorkflowValidation {
    const result = validateWorkflow(document, this.registry);
    if (!result.ok) return { valid: false, errors: result.problems, warnings: [] };
    return {
      valid: true,
      errors: [],
      warnings: lintBundle({ rules: [], criteria: [], workflows: [result.value] }, this.registry),
      program: compileWorkflow(result.value, { version: 1 }),
    };
  }

  async create(document: unknown): Promise<WorkflowDefinitionDocument> {
    const workflow = this.parse(document);
    const saved = await this.definitions.create(this.content(workflow));
    await this.syncSchedule(saved);
    return saved;
  }

  async replace(id: number, document: unknown): Promise<WorkflowDefinitionDocument> {
    const workflow = this.parse(document);
    const saved = await this.definitions.update(id, this.content(workflow));
    if (!saved) throw notFound(id);
    await this.syncSchedule(saved);
    return saved;
  }

  /** PATCH: the stored source with the given top-level fields replaced, validated as a whole. */
  async patch(id: number, changes: Record<string, unknown>): Promise<WorkflowDefinitionDocument> {
    const current = await this.get(id);
    return this.replace(id, { ...current.source, ...changes });
  }

  async get(id: number): Promise<WorkflowDefinitionDocument> {
    const found = await this.definitions.findById(id);
    if (!found) throw notFound(id);
    return found;
  }

  async delete(id: number): Promise<void> {
    if (!(await this.definitions.delete(id))) throw notFound(id);
    await deleteDefinitionSchedule(this.temporal, this.config.TEMPORAL_ID_PREFIX, id);
  }

  private parse(document: unknown): Workflow {
    return valueOrThrow(validateWorkflow(document, this.registry), ErrorCode.WORKFLOW_INVALID, 'workflow');
  }

  private content(workflow: Workflow) {
    return {
      name: workflow.name,
      trigger_type: workflow.trigger_type,
      priority: workflow.priority,
      is_active: workflow.is_active,
      source: workflow as unknown as Record<string, unknown>,
      compile: (version: number) =>
        compileWorkflow(workflow, { version }) as unknown as Record<string, unknown>,
    };
  }

  /** A time-based definition has a schedule (paused while inactive); any other has none. */
  private async syncSchedule(definition: WorkflowDefinitionDocument): Promise<void> {
    const program = definition.program as unknown as WorkflowProgram;
    if (program.trigger.type !== 'time_based') {
      await deleteDefinitionSchedule(this.temporal, this.config.TEMPORAL_ID_PREFIX, definition.id);
      return;
    }
    const config = program.trigger.config as { cron: string; timezone?: string };
    await upsertDefinitionSchedule(this.temporal, {
      idPrefix: this.config.TEMPORAL_ID_PREFIX,
      definitionId: definition.id,
      version: definition.version,
      cron: config.cron,
      timezone: config.timezone,
      paused: !definition.is_active,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
    });
  }
}

function notFound(id: number): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, `workflow ${id} does not exist`);
}
