import { Module } from '@nestjs/common';
import { CaseAccessModule } from '../shared/case-access.module';
import { ComplaintController } from './complaint-routes';
import { RegisterComplaintController } from './register-complaint/register-complaint.controller';

@Module({
  imports: [CaseAccessModule],
  controllers: [RegisterComplaintController, ComplaintController],
})
export class ComplaintsModule {}
