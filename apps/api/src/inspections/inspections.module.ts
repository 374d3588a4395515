import { Module } from '@nestjs/common';
import { CaseAccessModule } from '../shared/case-access.module';
import { AddInspectionFindingController } from './add-inspection-finding/add-inspection-finding.controller';
import { InspectionController } from './inspection-routes';
import { OpenInspectionController } from './open-inspection/open-inspection.controller';

@Module({
  imports: [CaseAccessModule],
  controllers: [OpenInspectionController, AddInspectionFindingController, InspectionController],
})
export class InspectionsModule {}
