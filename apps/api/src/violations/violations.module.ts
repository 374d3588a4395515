import { Module } from '@nestjs/common';
import { ChecklistsModule } from '../checklists/checklists.module';
import { QueriesModule } from '../queries/queries.module';
import { CaseAccessModule } from '../shared/case-access.module';
import { ListViolationsController } from './list-violations/list-violations.controller';
import { RecordViolationController } from './record-violation/record-violation.controller';
import { ViolationRegister } from './violation-register';
import { ViolationController } from './violation-routes';

/** The violations register (违规服务): record, penalty, one appeal; evidence is in the evidence module. */
@Module({
  imports: [CaseAccessModule, ChecklistsModule, QueriesModule],
  providers: [ViolationRegister],
  controllers: [ListViolationsController, RecordViolationController, ViolationController],
  exports: [ViolationRegister],
})
export class ViolationsModule {}
