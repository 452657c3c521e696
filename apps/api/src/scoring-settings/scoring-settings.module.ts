import { Module } from '@nestjs/common';
import { ScoringModule } from '@leadflow/scoring';
import { GradingCategoriesMigration } from './grading-migration';
import { ScoringSettingsController } from './scoring-settings.controller';
import { ScoringSettingsService } from './scoring-settings.service';

@Module({
  imports: [ScoringModule],
  controllers: [ScoringSettingsController],
  providers: [ScoringSettingsService, GradingCategoriesMigration],
  // exported so that applying a whole rule set (a bundle with `settings`) can set them the same way
  exports: [ScoringSettingsService],
})
export class ScoringSettingsModule {}
