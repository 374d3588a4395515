import { Module } from '@nestjs/common';
import { CaseAccessModule } from '../shared/case-access.module';
import { ViolationsModule } from '../violations/violations.module';
import { GetServiceFileController } from './service-file/get-service-file.controller';
import { ServiceFiles } from './service-file/service-files';

/** The employees of the organisation file as records name them: the service file (服务档案). */
@Module({
  imports: [CaseAccessModule, ViolationsModule],
  providers: [ServiceFiles],
  controllers: [GetServiceFileController],
})
export class StaffModule {}
