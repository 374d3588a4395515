import { Module } from '@nestjs/common';
import { CaseAccessModule } from '../shared/case-access.module';
import { ComplaintEvidenceController } from './complaint-evidence.controller';
import { EvidenceFiles } from './evidence-files';

@Module({
  imports: [CaseAccessModule],
  controllers: [ComplaintEvidenceController],
  providers: [EvidenceFiles],
})
export class EvidenceModule {}
