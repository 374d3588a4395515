import { COMPLAINTS } from '@duban/cases';
import type { ComplaintCommand, ComplaintCommandType } from '@duban/workflow';
import type { CommandRoute } from '../shared/aggregate-routes';
import { aggregateController } from '../shared/aggregate-routes';
import { EscalateDto } from '../shared/escalate.dto';
import { AddComplaintNoteDto } from './commands/add-complaint-note.dto';
import { AssignComplaintDto } from './commands/assign-complaint.dto';
import { DecideResponsibilityDto } from './commands/decide-responsibility.dto';
import { HandOverComplaintDto } from './commands/hand-over-complaint.dto';
import { MaintainDecisionDto } from './commands/maintain-decision.dto';
import { PromiseReplyDto } from './commands/promise-reply.dto';
import { ReferComplaintDto } from './commands/refer-complaint.dto';
import { TransferComplaintDto } from './commands/transfer-complaint.dto';
import { RecordContactAttemptDto } from './commands/record-contact-attempt.dto';
import { RecordCustomerUnreachableDto } from './commands/record-customer-unreachable.dto';
import { RefuseDecisionMaintainedDto } from './commands/refuse-decision-maintained.dto';
import { RequestDecisionMaintainedDto } from './commands/request-decision-maintained.dto';
import { ReclassifyComplaintDto } from './commands/reclassify-complaint.dto';
import { ReplyToComplaintDto } from './commands/reply-to-complaint.dto';
import { VerifyComplaintDto } from './commands/verify-complaint.dto';
import { WithdrawComplaintDto } from './commands/withdraw-complaint.dto';
import { ComplaintViewDto } from './complaint-view.dto';

/**
 * Every complaint command but register (POST /complaints), the erasure (which also destroys the
 * key, POST /complaints/:id/customer/erasure) and filing evidence (whose body is the file, POST
 * /complaints/:id/attachments, apps/api/src/evidence) is served at POST /complaints/:id/<path>.
 */
export const COMPLAINT_COMMAND_ROUTES: Record<Exclude<ComplaintCommandType, 'register' | 'erase-customer-data' | 'attach-evidence'>, CommandRoute<ComplaintCommand>> = {
  assign: { path: 'assign', summary: 'Assign the case to a handler', payload: AssignComplaintDto },
  'hand-over': { path: 'hand-over', summary: 'Hand the case to a complaint manager of its unit (转办); stops the acknowledgement clock', payload: HandOverComplaintDto },
  'promise-reply': { path: 'promised-reply', summary: 'Record the reply date agreed with the customer (承诺办); it becomes the reply deadline', payload: PromiseReplyDto },
  'add-note': { path: 'notes', summary: 'Record an investigation note (核实)', payload: AddComplaintNoteDto },
  reclassify: { path: 'reclassify', summary: 'Change case type and/or category', payload: ReclassifyComplaintDto },
  escalate: { path: 'escalate', summary: 'Escalate one level up, confirmed by the unit head (上报)', payload: EscalateDto },
  transfer: { path: 'transfer', summary: 'Move a case registered at the wrong unit to the unit that should handle it; clocks run on', payload: TransferComplaintDto },
  refer: { path: 'refer', summary: "Refer straight to head office's service department (报总行), by the unit head", payload: ReferComplaintDto },
  reply: { path: 'reply', summary: 'Reply to the customer (回复), proposing the responsibility (责任认定) the owning department decides on', payload: ReplyToComplaintDto },
  verify: { path: 'verify', summary: 'Record the follow-up visit (回访); not by whoever replied', payload: VerifyComplaintDto },
  'record-contact-attempt': { path: 'contact-attempts', summary: 'Record a follow-up call or visit (回访联系), reached or not', payload: RecordContactAttemptDto },
  'record-unreachable': {
    path: 'unreachable',
    summary: 'End the follow-up as "customer unreachable" after the SLA policy\'s number of failed contact attempts since the reply (default 3); the case goes on to sign-off',
    payload: RecordCustomerUnreachableDto,
  },
  'request-decision-maintained': {
    path: 'decision-maintenance-request',
    summary: 'Ask a supervisor to maintain the decision (维持原处理意见): the customer stays unsatisfied without a new reason',
    payload: RequestDecisionMaintainedDto,
  },
  'maintain-decision': {
    path: 'decision-maintained',
    summary: "Approve, as a supervisor, the handler's request: the decision stands and the case goes on to sign-off",
    payload: MaintainDecisionDto,
  },
  'refuse-decision-maintained': {
    path: 'decision-maintenance-refusal',
    summary: "Refuse, as a supervisor, the handler's request to maintain the decision; the follow-up goes on",
    payload: RefuseDecisionMaintainedDto,
  },
  'decide-responsibility': {
    path: 'responsibility-decision',
    summary:
      "Confirm or override the reply's proposed responsibility (责任认定), as a supervisor of the owning department (others: 403 not-owning-department); an override to customer responsibility cancels the live finding, one to valid raises one",
    payload: DecideResponsibilityDto,
  },
  close: { path: 'close', summary: 'Sign the case off (签字确认), by the unit head of the unit responsible for it', command: { type: 'close' } },
  withdraw: { path: 'withdraw', summary: 'The customer withdrew the complaint', payload: WithdrawComplaintDto },
};

export const ComplaintController = aggregateController({
  aggregate: COMPLAINTS,
  basePath: 'complaints',
  view: ComplaintViewDto,
  commands: COMPLAINT_COMMAND_ROUTES,
});
