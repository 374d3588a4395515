import { Module } from '@nestjs/common';
import { ChecklistsModule } from '../checklists/checklists.module';
import { QueriesModule } from '../queries/queries.module';
import { CaseAccessModule } from '../shared/case-access.module';
import { EmployeePlacement } from '../staff/employee-placement';
import { AddInspectionFindingController } from './add-inspection-finding/add-inspection-finding.controller';
import { InspectionController } from './inspection-routes';
import { InspectionListing } from './list-inspections/inspection-listing';
import { ListInspectionsController } from './list-inspections/list-inspections.controller';
import { OpenInspectionController } from './open-inspection/open-inspection.controller';
import { RecordItemResultsController } from './record-item-results/record-item-results.controller';

@Module({
  imports: [CaseAccessModule, ChecklistsModule, QueriesModule],
  providers: [InspectionListing, EmployeePlacement],
  controllers: [ListInspectionsController, OpenInspectionController, AddInspectionFindingController, RecordItemResultsController, InspectionController],
  // The reports' scores and coverage read the inspections as the list does.
  exports: [InspectionListing],
})
export class InspectionsModule {}
