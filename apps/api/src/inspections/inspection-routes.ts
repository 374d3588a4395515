import { INSPECTIONS } from '@duban/cases';
import type { InspectionCommand, InspectionCommandType } from '@duban/workflow';
import { aggregateController, type CommandRoute } from '../shared/aggregate-routes';
import { CloseInspectionDto } from './close-inspection.dto';
import { InspectionViewDto } from './inspection-view.dto';
import { ReportSelfInspectionDto } from './report-self-inspection.dto';

/**
 * open is POST /inspections, add-finding is POST /inspections/:id/findings and record-results is
 * POST /inspections/:id/results: both also raise findings. Evidence is filed at
 * POST /inspections/:id/attachments (apps/api/src/evidence).
 */
export const INSPECTION_COMMAND_ROUTES: Record<Exclude<InspectionCommandType, 'open' | 'add-finding' | 'record-results' | 'attach-evidence'>, CommandRoute<InspectionCommand>> = {
  report: { path: 'report', summary: 'Report a self-inspection (自查) to the unit above, which then closes it', payload: ReportSelfInspectionDto },
  close: { path: 'close', summary: 'Close the inspection; no findings can be added afterwards', payload: CloseInspectionDto },
};

export const InspectionController = aggregateController({
  aggregate: INSPECTIONS,
  basePath: 'inspections',
  view: InspectionViewDto,
  commands: INSPECTION_COMMAND_ROUTES,
});
