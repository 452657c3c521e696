import { Module } from '@nestjs/common';
import { ScoringModule } from '@leadflow/scoring';
import { RuleSetVersionsController } from './rule-set-versions.controller';
import { RuleSetVersionsService } from './rule-set-versions.service';
import { ScoringRulesController } from './scoring-rules.controller';
import { ScoringRulesService } from './scoring-rules.service';
import { StoredRegexReport } from './stored-regex-report';

@Module({
  imports: [ScoringModule],
  // versions first: Express tries routes in registration order, and /versions must not reach /:id
  controllers: [RuleSetVersionsController, ScoringRulesController],
  providers: [ScoringRulesService, RuleSetVersionsService, StoredRegexReport],
  exports: [ScoringRulesService],
})
export class ScoringRulesModule {}
