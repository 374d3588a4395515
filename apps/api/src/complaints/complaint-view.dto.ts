import { ApiProperty } from '@nestjs/swagger';
import { CASE_TYPES, COMPLAINT_CHANNELS, LATEST_ENTRIES_SHOWN, PRIORITIES, REPLY_CHANNELS, RESPONSIBILITIES } from '@duban/workflow';
import { EscalatableViewDto } from '../shared/aggregate-view.dto';
import { EvidenceAttachmentDto } from '../evidence/evidence-attachment.dto';
import { RecordedFactDto } from '../shared/recorded-fact.dto';

/** The customer as your role may see them (see the README, "Personal data"). */
class DisclosedCustomerDto {
  @ApiProperty({ type: String, nullable: true, example: '陈**', description: 'In full for handler, unit_head and supervisor; masked for other roles; null once erased' })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '138****0000' })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '110101********1234' })
  idNumber!: string | null;

  @ApiProperty({ description: 'True when the values are masked for your role' })
  masked!: boolean;

  @ApiProperty({ description: 'True once erased on a lawful request: every value is null for everyone' })
  erased!: boolean;
}

class CustomerErasureDto extends RecordedFactDto {
  @ApiProperty({ type: String, nullable: true, description: 'The destroyed key; null for a record from before sealing' })
  keyId!: string | null;

  @ApiProperty()
  reason!: string;

  @ApiProperty()
  requestReference!: string;
}

class ComplaintNoteDto extends RecordedFactDto {
  @ApiProperty({ description: 'An investigation note (核实)' })
  text!: string;
}

class ComplaintReplyDto extends RecordedFactDto {
  @ApiProperty({ description: '1 for the first reply, 2 after one reopen, and so on' })
  replyNumber!: number;

  @ApiProperty({
    enum: RESPONSIBILITIES,
    nullable: true,
    description: 'Proposed 责任认定: valid (the bank is at fault) or customer, for the owning department to decide on; null for praise and suggestions',
  })
  responsibility!: string | null;

  @ApiProperty()
  text!: string;

  @ApiProperty({ enum: REPLY_CHANNELS })
  channel!: string;

  @ApiProperty({ description: '即办: answered during registration' })
  onSpot!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The rectification finding this valid reply opened (when none was live)' })
  findingId!: string | null;
}

/** 责任认定 by the owning department (issue 18). */
class ResponsibilityDecisionDto extends RecordedFactDto {
  @ApiProperty({ description: 'The reply whose proposal it decides' })
  replyNumber!: number;

  @ApiProperty({ enum: RESPONSIBILITIES, description: 'What the reply proposed' })
  proposed!: string;

  @ApiProperty({ enum: RESPONSIBILITIES, description: 'The final decision; differs from proposed when overridden' })
  responsibility!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Why; always given for an override' })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'anshan-haicheng-yys', description: '责任单位' })
  responsibleUnitId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'E10002', description: '责任人 (staff id)' })
  responsibleStaffId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'E10001',
    description: '被投诉员工 (staff id): null for roles other than unit_head, supervisor and auditor (see complainedStaffMasked)',
  })
  complainedStaffId!: string | null;

  @ApiProperty({ description: 'True when an employee was named but your role may not see who' })
  complainedStaffMasked!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The finding an override to valid raised' })
  raisesFindingId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The live finding a decision for the customer's responsibility cancelled" })
  cancelsFindingId!: string | null;
}

class ComplaintFollowUpDto extends RecordedFactDto {
  @ApiProperty({ description: 'False when the customer was not satisfied and the case reopened' })
  satisfied!: boolean;

  @ApiProperty({ type: String, nullable: true })
  comment!: string | null;
}

class ComplaintContactAttemptDto extends RecordedFactDto {
  @ApiProperty({ format: 'date-time', description: 'When the call or visit was made' })
  attemptedAt!: string;

  @ApiProperty({ enum: REPLY_CHANNELS })
  channel!: string;

  @ApiProperty()
  reached!: boolean;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ description: 'The reply this attempt followed up; failed attempts count towards "customer unreachable" only after the latest reply' })
  replyNumber!: number;
}

class ComplaintUnreachableDto extends RecordedFactDto {
  @ApiProperty({ description: 'Failed contact attempts since the latest reply when the follow-up ended' })
  failedAttempts!: number;

  @ApiProperty({ type: String, nullable: true })
  comment!: string | null;
}

class ComplaintDecisionMaintainedDto extends RecordedFactDto {
  @ApiProperty({ description: "Why the decision stands over the customer's objection" })
  comment!: string;
}

class ComplaintHandOverDto extends RecordedFactDto {
  @ApiProperty({ description: 'The complaint manager (投诉管理人) who took the case' })
  managerId!: string;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
}

class ComplaintTransferDto extends RecordedFactDto {
  @ApiProperty()
  fromUnitId!: string;

  @ApiProperty()
  toUnitId!: string;

  @ApiProperty()
  reason!: string;
}

class WithdrawalDto extends RecordedFactDto {
  @ApiProperty()
  reason!: string;
}

/** OpenAPI shape of the complaint view (toComplaintView plus revision and clocks): every field it has. */
export class ComplaintViewDto extends EscalatableViewDto {
  @ApiProperty({ enum: ['complaint'] })
  kind!: 'complaint';

  @ApiProperty({ enum: CASE_TYPES })
  caseType!: string;

  @ApiProperty({ type: DisclosedCustomerDto })
  customer!: DisclosedCustomerDto;

  @ApiProperty({ type: CustomerErasureDto, nullable: true })
  customerErasure!: CustomerErasureDto | null;

  @ApiProperty({ enum: COMPLAINT_CHANNELS })
  channel!: string;

  @ApiProperty()
  category!: string;

  @ApiProperty({ enum: PRIORITIES })
  priority!: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ description: 'An anonymous comment-book entry: no customer recorded, no follow-up visit owed' })
  anonymous!: boolean;

  @ApiProperty({ type: [ComplaintHandOverDto], description: 'Hand-overs to complaint managers (转办), oldest first' })
  handOvers!: ComplaintHandOverDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The reply date agreed with the customer (承诺办); the reply clock runs to it' })
  promisedReplyBy!: string | null;

  @ApiProperty({ type: [ComplaintTransferDto], description: 'Sideways moves from a wrongly registered unit, oldest first; unitId is the latest' })
  transfers!: ComplaintTransferDto[];

  @ApiProperty({ description: 'What the customer complains about, as registered' })
  description!: string;

  @ApiProperty({ description: 'Who registered it' })
  registeredBy!: string;

  @ApiProperty({
    type: [ComplaintNoteDto],
    description: `The newest ${LATEST_ENTRIES_SHOWN} notes, oldest first; all of them are ComplaintNoteAdded entries of GET /complaints/{id}/history`,
  })
  notes!: ComplaintNoteDto[];

  @ApiProperty({ description: 'How many notes the case has, shown or not', example: 42 })
  notesCount!: number;

  @ApiProperty({ type: ComplaintReplyDto, nullable: true, description: 'The reply in force (the latest); null before the first' })
  reply!: ComplaintReplyDto | null;

  @ApiProperty({
    type: [ComplaintReplyDto],
    description: `The newest ${LATEST_ENTRIES_SHOWN} replies, oldest first; all of them are ComplaintReplied entries of GET /complaints/{id}/history`,
  })
  replies!: ComplaintReplyDto[];

  @ApiProperty({ description: 'How many replies the case has had', example: 1 })
  repliesCount!: number;

  @ApiProperty({ type: [ComplaintFollowUpDto], description: 'Follow-up visits (回访), oldest first' })
  followUps!: ComplaintFollowUpDto[];

  @ApiProperty({ type: [ComplaintContactAttemptDto], description: 'Follow-up calls and visits (回访联系), oldest first' })
  contactAttempts!: ComplaintContactAttemptDto[];

  @ApiProperty({ type: ComplaintUnreachableDto, nullable: true, description: 'Set when the follow-up ended with the customer unreachable' })
  unreachable!: ComplaintUnreachableDto | null;

  @ApiProperty({
    type: ComplaintDecisionMaintainedDto,
    nullable: true,
    description: 'Set when a supervisor maintained the decision over the unsatisfied customer (维持原处理意见)',
  })
  decisionMaintained!: ComplaintDecisionMaintainedDto | null;

  @ApiProperty({
    type: ComplaintDecisionMaintainedDto,
    nullable: true,
    description: "The handler's request to maintain the decision, pending (state decisionReview) or approved; null again once a supervisor refused it",
  })
  decisionMaintenanceRequest!: ComplaintDecisionMaintainedDto | null;

  @ApiProperty({ description: "Failed contact attempts since the latest reply after which the customer counts as unreachable (the SLA policy's number, default 3)", example: 3 })
  unreachableAfter!: number;

  @ApiProperty({ type: WithdrawalDto, nullable: true })
  withdrawal!: WithdrawalDto | null;

  @ApiProperty({ type: [String], description: 'Rectification findings a valid reply or responsibility decision opened, oldest first; at most one is not cancelled' })
  linkedFindingIds!: string[];

  @ApiProperty({ type: [String], description: "Findings cancelled by a decision for the customer's responsibility (still in linkedFindingIds)" })
  cancelledFindingIds!: string[];

  @ApiProperty({ type: [ResponsibilityDecisionDto], description: '责任认定 by the owning department, oldest first, one per reply at most' })
  responsibilityDecisions!: ResponsibilityDecisionDto[];

  @ApiProperty({
    enum: RESPONSIBILITIES,
    nullable: true,
    description:
      "Responsibility in force, as the figures count it: the owning department's decision on the latest reply, else the reply's proposal; null before a reply and for praise and suggestions",
  })
  responsibility!: string | null;

  @ApiProperty({ description: "The latest reply's proposed responsibility awaits the owning department's decision (decide-responsibility)" })
  awaitingResponsibilityDecision!: boolean;

  @ApiProperty({ type: [EvidenceAttachmentDto], description: 'Evidence on file, oldest first' })
  attachments!: EvidenceAttachmentDto[];
}
