import { ApiConflictResponse } from '@nestjs/swagger';
import type { ItemSection } from '@leadflow/domain';
import { nameTaken } from '@leadflow/persistence';
import { ErrorBodyDto } from './error-body.dto';
import { toErrorBody } from './error-response';

const EXAMPLE_NAMES: Record<ItemSection, string> = {
  rules: 'Target Industry',
  criteria: 'Marketing Qualified Lead',
  workflows: 'Notify on hot lead',
};

/**
 * The 409 of a create or update whose name another item of the section has (case-insensitively, after
 * trimming). The example is built by the code that answers it.
 */
export const ApiNameConflictResponse = (section: ItemSection): MethodDecorator =>
  ApiConflictResponse({
    description:
      'Another item of this section has the name (names are unique ignoring case and surrounding spaces); ' +
      '`errors[0]` names it.',
    type: ErrorBodyDto,
    example: toErrorBody(
      nameTaken(section, EXAMPLE_NAMES[section].toLowerCase(), { id: 4, name: EXAMPLE_NAMES[section] }),
    ),
  });
