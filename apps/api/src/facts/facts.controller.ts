import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActiveRuleSet } from '@leadflow/scoring';
import { FactCatalogDto } from './dto/facts.dto';
import { OPERATORS_BY_FACT_TYPE, operatorCatalog } from './fact-operators';

/** The fact registry, read-only: what a rule's `field` may name and which operators fit each fact. */
@ApiTags('scoring rules')
@Controller('lead-qualification/facts')
export class FactsController {
  constructor(private readonly activeRuleSet: ActiveRuleSet) {}

  @Get()
  @ApiOperation({
    summary: 'Facts a rule may name, with their types and the operators that fit each type',
    description: "The same registry the validator and the engine use, a deployment's own facts included.",
  })
  @ApiOkResponse({ type: FactCatalogDto })
  list(): FactCatalogDto {
    return {
      facts: this.activeRuleSet.registry.list().map(({ name, type, source, description }) => ({
        name,
        type,
        source,
        description,
        operators: OPERATORS_BY_FACT_TYPE[type],
      })),
      operators: operatorCatalog(),
      activity_count_facts: '<activity type>_count',
      activity_count_operators: OPERATORS_BY_FACT_TYPE.number,
    };
  }
}
