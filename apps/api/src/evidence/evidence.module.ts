import { Module } from '@nestjs/common';
import { COMPLAINTS, FINDINGS, INSPECTIONS } from '@duban/cases';
import { ComplaintViewDto } from '../complaints/complaint-view.dto';
import { FindingViewDto } from '../findings/finding-view.dto';
import { InspectionViewDto } from '../inspections/inspection-view.dto';
import { CaseAccessModule } from '../shared/case-access.module';
import { EvidenceFiles } from './evidence-files';
import { evidenceController } from './evidence-routes';

/** The case kinds that keep evidence: those whose statechart has attach-evidence. */
@Module({
  imports: [CaseAccessModule],
  controllers: [
    evidenceController(COMPLAINTS, 'complaints', ComplaintViewDto),
    evidenceController(FINDINGS, 'findings', FindingViewDto),
    evidenceController(INSPECTIONS, 'inspections', InspectionViewDto),
  ],
  providers: [EvidenceFiles],
})
export class EvidenceModule {}
