import { Module } from '@nestjs/common';
import { CasesModule } from '@duban/cases';
import { SlaRulesEditors } from '../sla/sla-rules-editors';
import { NoViolationsRecorded, PenaltyPoints } from './penalty-points.port';
import { ScoringSchemes } from './scoring-schemes';
import { ScoringSchemesController } from './scoring-schemes.controller';

/** Scoring schemes (GET/PUT /scoring/schemes/:id), versioned, and the penalty points the scores deduct. */
@Module({
  imports: [CasesModule],
  providers: [ScoringSchemes, SlaRulesEditors, { provide: PenaltyPoints, useClass: NoViolationsRecorded }],
  controllers: [ScoringSchemesController],
  exports: [ScoringSchemes, PenaltyPoints],
})
export class ScoringModule {}
