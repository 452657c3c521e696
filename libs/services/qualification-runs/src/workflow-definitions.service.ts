import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '@leadflow/config';
import { DomainError, ErrorCode, type FieldProblem } from '@leadflow/domain';
import {
  compileWorkflow,
  lintBundle,
  userIdsOf,
  validateWorkflow,
  workflowActions,
  valueOrThrow,
  type Workflow,
  type WorkflowProgram,
} from '@leadflow/dsl';
import { checkOutboundUrl, type OutboundPolicy, outboundPolicyFromConfig } from '@leadflow/outbound';
import {
  LeadFacts,
  UsersRepository,
  WorkflowDefinitionsRepository,
  type WorkflowDefinitionDocument,
} from '@leadflow/persistence';

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
  private readonly outboundPolicy: OutboundPolicy;

  constructor(
    private readonly definitions: WorkflowDefinitionsRepository,
    private readonly users: UsersRepository,
    private readonly facts: LeadFacts,
    @Inject(CONFIG) config: Config,
  ) {
    this.outboundPolicy = outboundPolicyFromConfig(config);
  }

  validate(document: unknown): WorkflowValidation {
    const result = validateWorkflow(document, this.facts.registry);
    if (!result.ok) return { valid: false, errors: result.problems, warnings: [] };
    return {
      valid: true,
      errors: [],
      warnings: lintBundle({ rules: [], criteria: [], workflows: [result.value] }, this.facts.registry),
      program: compileWorkflow(result.value, { version: 1 }),
    };
  }

  async create(document: unknown): Promise<WorkflowDefinitionDocument> {
    const workflow = await this.parse(document);
    return this.definitions.create(this.content(workflow));
  }

  async replace(id: number, document: unknown): Promise<WorkflowDefinitionDocument> {
    const workflow = await this.parse(document);
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

  /** The validated workflow, whose references also hold (see referenceProblems); else a 400 listing all. */
  private async parse(document: unknown): Promise<Workflow> {
    const workflow = valueOrThrow(
      validateWorkflow(document, this.facts.registry),
      ErrorCode.WORKFLOW_INVALID,
      'workflow',
    );
    const problems = await this.referenceProblems(workflow);
    if (problems.length > 0)
      throw new DomainError(ErrorCode.WORKFLOW_INVALID, 'The workflow is not valid', problems);
    return workflow;
  }

  /**
   * What a saved workflow must not point at: a webhook URL that can never be called (a private, loopback,
   * link-local or otherwise special address in any numeric form, a refused scheme or port; names are
   * checked again after DNS when it is sent) and users that do not exist.
   */
  private async referenceProblems(workflow: Workflow): Promise<FieldProblem[]> {
    const actions = workflowActions(workflow);
    const problems: FieldProblem[] = actions.flatMap((action) =>
      action.action_type === 'webhook'
        ? checkOutboundUrl(String((action.config as { url: unknown }).url), this.outboundPolicy).map(
            (problem) => ({
              pointer: `${action.pointer}/url`,
              code: 'URL_REFUSED',
              message: `webhook url refused: ${problem.message}`,
            }),
          )
        : [],
    );
    const userIds = actions.flatMap(userIdsOf);
    if (userIds.length > 0) {
      const found = new Set((await this.users.findByIds(userIds.map(({ id }) => id))).map((user) => user.id));
      for (const { pointer, id } of userIds) {
        if (!found.has(id))
          problems.push({ pointer, code: 'NOT_FOUND', message: `user ${id} does not exist` });
      }
    }
    return problems;
  }

  private content(workflow: Workflow) {
    return {
      name: workflow.name,
      trigger_type: workflow.trigger_type,
      priority: workflow.priority,
      is_active: workflow.is_active,
      source: workflow as unknown as Record<string, unknown>,
      compile: (version: number) => compileWorkflow(workflow, { version }),
    };
  }
}

function notFound(id: number): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, `workflow ${id} does not exist`);
}
