import { Module } from '@nestjs/common';
import { CaseAccessModule } from '../shared/case-access.module';
import { FindingController } from './finding-routes';

@Module({
  imports: [CaseAccessModule],
  controllers: [FindingController],
})
export class FindingsModule {}
