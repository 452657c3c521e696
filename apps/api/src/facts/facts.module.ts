import { Module } from '@nestjs/common';
import { ScoringModule } from '@leadflow/scoring';
import { FactsController } from './facts.controller';

@Module({ imports: [ScoringModule], controllers: [FactsController] })
export class FactsModule {}
