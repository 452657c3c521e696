import { Injectable } from '@nestjs/common';
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

/** A validated workflow and its linter warnings, for the validate endpoint and the editor. */
export interface WorkflowValidation {
  valid: boolean;
  errors: { pointer: string; code: string; message: string }[];
  warnings: { pointer: string; code: string; message: string }[];
  program?: WorkflowProgram;
}

/**
 * Workflow definitions: validated and compiled by the DSL and saved as immutable versions. Saving answers
 * from MongoDB alone: each save marks the definition's Temporal schedule as due (schedule_pending), and the
 * worker's relay brings Temporal in line (ScheduleSync), also while Temporal is away at the time.
 */
@Injectable()
export class WorkflowDefinitionsService {
  private readonly registry = defaultFactRegistry();

  constructor(private readonly definitions: WorkflowDefinitionsRepository) {}

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
    return this.definitions.create(this.content(workflow));
  }

  async replace(id: number, document: unknown): Promise<WorkflowDefinitionDocument> {
    const workflow = this.parse(document);
    const saved = await this.definitions.update(id, this.content(workflow));
    if (!saved) throw notFound(id);
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
}

function notFound(id: number): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, `workflow ${id} does not exist`);
}
