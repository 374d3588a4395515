import { Module } from '@nestjs/common';
import { ProjectionsModule } from '@duban/projections';
import { InspectionsModule } from '../inspections/inspections.module';
import { QueriesModule } from '../queries/queries.module';
import { ScoringModule } from '../scoring/scoring.module';
import { ViolationsModule } from '../violations/violations.module';
import { ReportInputsResolver } from './report-inputs';
import { ReportsController } from './reports.controller';

@Module({
  imports: [QueriesModule, ProjectionsModule, InspectionsModule, ScoringModule, ViolationsModule],
  providers: [ReportInputsResolver],
  controllers: [ReportsController],
})
export class ReportsModule {}
