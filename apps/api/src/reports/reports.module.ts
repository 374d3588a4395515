import { Module } from '@nestjs/common';
import { QueriesModule } from '../queries/queries.module';
import { ReportInputsResolver } from './report-inputs';
import { ReportsController } from './reports.controller';

@Module({
  imports: [QueriesModule],
  providers: [ReportInputsResolver],
  controllers: [ReportsController],
})
export class ReportsModule {}
