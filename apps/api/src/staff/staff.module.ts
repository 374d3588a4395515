import { Module } from '@nestjs/common';
import { QueriesModule } from '../queries/queries.module';
import { CaseAccessModule } from '../shared/case-access.module';
import { ViolationsModule } from '../violations/violations.module';
import { EraseEmployeeDataController } from './erase-employee-data/erase-employee-data.controller';
import { ListStaffController } from './list-staff/list-staff.controller';
import { GetServiceFileController } from './service-file/get-service-file.controller';
import { ServiceFiles } from './service-file/service-files';

/** The employees of the organisation file as records name them: the staff list forms pick from, the service file (服务档案), erasure. */
@Module({
  imports: [CaseAccessModule, QueriesModule, ViolationsModule],
  providers: [ServiceFiles],
  controllers: [EraseEmployeeDataController, GetServiceFileController, ListStaffController],
})
export class StaffModule {}
