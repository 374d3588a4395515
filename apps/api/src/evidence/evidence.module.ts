import { Module } from '@nestjs/common';
import { CIRCULARS, COMPLAINTS, FINDINGS, INSPECTIONS, VIOLATIONS } from '@duban/cases';
import { CircularViewDto } from '../circulars/circular-view.dto';
import { ComplaintViewDto } from '../complaints/complaint-view.dto';
import { FindingViewDto } from '../findings/finding-view.dto';
import { InspectionViewDto } from '../inspections/inspection-view.dto';
import { ViolationViewDto } from '../violations/violation-view.dto';
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
    evidenceController(VIOLATIONS, 'violations', ViolationViewDto),
    evidenceController(CIRCULARS, 'circulars', CircularViewDto),
  ],
  providers: [EvidenceFiles],
})
export class EvidenceModule {}
