import { Module } from '@nestjs/common';
import { CaseAccessModule } from '../shared/case-access.module';
import { VerifyCaseController } from './verify-case.controller';

@Module({
  imports: [CaseAccessModule],
  controllers: [VerifyCaseController],
})
export class IntegrityModule {}
