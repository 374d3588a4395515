import { CIRCULARS } from '@duban/cases';
import type { CircularCommand, CircularCommandType } from '@duban/workflow';
import { aggregateController, type CommandRoute } from '../shared/aggregate-routes';
import { CircularViewDto } from './circular-view.dto';
import { EditCircularDto } from './commands/edit-circular.dto';
import { WithdrawCircularDto } from './commands/withdraw-circular.dto';

/** draft is POST /circulars; files are attached at POST /circulars/:id/attachments (apps/api/src/evidence). */
export const CIRCULAR_COMMAND_ROUTES: Record<Exclude<CircularCommandType, 'draft' | 'attach-evidence'>, CommandRoute<CircularCommand>> = {
  edit: { path: 'edit', summary: 'Change the title, content or recipients of a draft', payload: EditCircularDto },
  issue: { path: 'issue', summary: 'Issue the draft to its recipient units (supervisors)', command: { type: 'issue' } },
  acknowledge: { path: 'acknowledge', summary: 'Acknowledge it for your unit (签收), once per recipient unit', command: { type: 'acknowledge' } },
  withdraw: { path: 'withdraw', summary: 'Withdraw an issued circular, e.g. to correct it by a new one (supervisors)', payload: WithdrawCircularDto },
};

export const CircularController = aggregateController({
  aggregate: CIRCULARS,
  basePath: 'circulars',
  view: CircularViewDto,
  commands: CIRCULAR_COMMAND_ROUTES,
});
