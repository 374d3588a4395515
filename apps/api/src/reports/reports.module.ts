import { Module } from '@nestjs/common';
import { ProjectionsModule } from '@duban/projections';
import { QueriesModule } from '../queries/queries.module';
import { ReportInputsResolver } from './report-inputs';
import { ReportsController } from './reports.controller';

@Module({
  imports: [QueriesModule, ProjectionsModule],
  providers: [ReportInputsResolver],
  controllers: [ReportsController],
})
export class ReportsModule {}
