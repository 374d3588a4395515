import { Module } from '@nestjs/common';
import { CasesModule } from '@duban/cases';
import { SlaRulesEditors } from '../sla/sla-rules-editors';
import { RegisteredPenaltyPoints } from '../violations/registered-penalty-points';
import { ViolationsModule } from '../violations/violations.module';
import { PenaltyPoints } from './penalty-points.port';
import { ScoringSchemes } from './scoring-schemes';
import { ScoringSchemesController } from './scoring-schemes.controller';

/** Scoring schemes (GET/PUT /scoring/schemes/:id), versioned, and the penalty points the scores deduct. */
@Module({
  imports: [CasesModule, ViolationsModule],
  providers: [ScoringSchemes, SlaRulesEditors, { provide: PenaltyPoints, useClass: RegisteredPenaltyPoints }],
  controllers: [ScoringSchemesController],
  exports: [ScoringSchemes, PenaltyPoints],
})
export class ScoringModule {}
