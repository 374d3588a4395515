import { Module } from '@nestjs/common';
import { CaseAccessModule } from '../shared/case-access.module';
import { ComplaintController } from './complaint-routes';
import { EraseCustomerDataController } from './erase-customer-data/erase-customer-data.controller';
import { RegisterComplaintController } from './register-complaint/register-complaint.controller';

@Module({
  imports: [CaseAccessModule],
  controllers: [RegisterComplaintController, ComplaintController, EraseCustomerDataController],
})
export class ComplaintsModule {}
