import { Module } from '@nestjs/common';
import { ChecklistsModule } from '../checklists/checklists.module';
import { CaseAccessModule } from '../shared/case-access.module';
import { AddInspectionFindingController } from './add-inspection-finding/add-inspection-finding.controller';
import { InspectionController } from './inspection-routes';
import { OpenInspectionController } from './open-inspection/open-inspection.controller';
import { RecordItemResultsController } from './record-item-results/record-item-results.controller';

@Module({
  imports: [CaseAccessModule, ChecklistsModule],
  controllers: [OpenInspectionController, AddInspectionFindingController, RecordItemResultsController, InspectionController],
})
export class InspectionsModule {}
