import { VIOLATIONS } from '@duban/cases';
import type { ViolationCommand, ViolationCommandType } from '@duban/workflow';
import { aggregateController, type CommandRoute } from '../shared/aggregate-routes';
import { AppealViolationDto } from './commands/appeal-violation.dto';
import { DecideAppealDto } from './commands/decide-appeal.dto';
import { DecidePenaltyDto } from './commands/decide-penalty.dto';
import { ViolationViewDto } from './violation-view.dto';

/** record is POST /violations; evidence is POST /violations/:id/attachments (apps/api/src/evidence). */
export const VIOLATION_COMMAND_ROUTES: Record<Exclude<ViolationCommandType, 'record' | 'attach-evidence'>, CommandRoute<ViolationCommand>> = {
  'decide-penalty': { path: 'penalty', summary: 'Decide the penalty: points and/or a fine in fen (supervisors)', payload: DecidePenaltyDto },
  appeal: { path: 'appeal', summary: "Appeal once to the unit above the one that decided (the employee's unit)", payload: AppealViolationDto },
  'decide-appeal': {
    path: 'appeal-decision',
    summary: 'Decide the appeal: upheld, penalty changed or annulled (a supervisor of the unit above; not whoever decided the penalty)',
    payload: DecideAppealDto,
  },
};

export const ViolationController = aggregateController({
  aggregate: VIOLATIONS,
  basePath: 'violations',
  view: ViolationViewDto,
  commands: VIOLATION_COMMAND_ROUTES,
});
