import { Injectable } from '@nestjs/common';
import {
  type WorkflowDefinitionDocument,
  WorkflowDefinitionsRepository,
  type WorkflowDefinitionVersionDocument,
} from '@leadflow/persistence';
import { WorkflowDefinitionsService } from '@leadflow/qualification-runs';

/** The reads of the workflow list and of a workflow's saved versions, so that the controller reads no repository. */
@Injectable()
export class WorkflowListing {
  constructor(
    private readonly definitions: WorkflowDefinitionsService,
    private readonly repository: WorkflowDefinitionsRepository,
  ) {}

  list(filter: {
    is_active?: boolean;
    trigger_type?: string;
    skip: number;
    limit: number;
  }): Promise<{ count: number; results: WorkflowDefinitionDocument[] }> {
    return this.repository.list(filter);
  }

  /** Every saved version, newest first; a 404 for a workflow that does not exist. */
  async versions(id: number): Promise<WorkflowDefinitionVersionDocument[]> {
    await this.definitions.get(id);
    return this.repository.listVersions(id);
  }
}
