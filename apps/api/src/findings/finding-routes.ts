import { FINDINGS } from '@duban/cases';
import type { FindingCommand, FindingCommandType } from '@duban/workflow';
import { aggregateController, type CommandRoute } from '../shared/aggregate-routes';
import { EscalateDto } from '../shared/escalate.dto';
import { PlanRectificationDto } from './commands/plan-rectification.dto';
import { RecordProgressDto } from './commands/record-progress.dto';
import { RejectPlanDto } from './commands/reject-plan.dto';
import { ReportRectificationDto } from './commands/report-rectification.dto';
import { VerifyFindingDto } from './commands/verify-finding.dto';
import { FindingViewDto } from './finding-view.dto';

/**
 * A 举一反三 parent records its children's closures from their follow-up (libs/cases).
 * Findings are raised by inspections (POST /inspections/:id/findings) or valid complaint replies,
 * take evidence at POST /findings/:id/attachments (apps/api/src/evidence) and deadline notices from
 * the SLA (libs/sla-enforcement), and are cancelled by a responsibility decision on their complaint
 * (libs/cases); the rest is here.
 */
export const FINDING_COMMAND_ROUTES: Record<
  Exclude<FindingCommandType, 'raise' | 'attach-evidence' | 'issue-deadline-notice' | 'cancel' | 'record-child-closed'>,
  CommandRoute<FindingCommand>
> = {
  plan: { path: 'plan', summary: "Set the rectification plan (整改方案); one due after the deadline awaits the inspector's approval", payload: PlanRectificationDto },
  'approve-plan': { path: 'approve-plan', summary: 'Approve a plan beyond the deadline: its date becomes the deadline (inspectors)', command: { type: 'approve-plan' } },
  'reject-plan': { path: 'reject-plan', summary: 'Refuse a plan beyond the deadline; the deadline stands (inspectors)', payload: RejectPlanDto },
  'record-progress': {
    path: 'progress',
    summary: 'Record progress (落实情况) against a milestone of the plan in force; completing one stops its clock',
    payload: RecordProgressDto,
  },
  report: { path: 'report', summary: 'Report the rectification in writing (书面反馈)', payload: ReportRectificationDto },
  verify: { path: 'verify', summary: 'Record the re-inspection (效果评估); not by whoever reported', payload: VerifyFindingDto },
  escalate: { path: 'escalate', summary: 'Escalate one level up', payload: EscalateDto },
  close: { path: 'close', summary: 'Close the verified finding', command: { type: 'close' } },
};

export const FindingController = aggregateController({
  aggregate: FINDINGS,
  basePath: 'findings',
  view: FindingViewDto,
  commands: FINDING_COMMAND_ROUTES,
});
