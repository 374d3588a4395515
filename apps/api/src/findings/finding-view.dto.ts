import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RECTIFICATION_MODES, SEVERITIES } from '@duban/workflow';
import { EscalatableViewDto } from '../shared/aggregate-view.dto';
import { RecordedFactDto } from '../shared/recorded-fact.dto';
import { EvidenceAttachmentDto } from '../evidence/evidence-attachment.dto';
import { MilestoneDto } from './commands/plan-rectification.dto';
import { EmployeeDto } from '../staff/employee.dto';

/** Where the finding comes from: an inspection or a valid complaint. */
class FindingSourceDto {
  @ApiProperty({ enum: ['inspection', 'complaint'] })
  kind!: string;

  @ApiPropertyOptional()
  inspectionId?: string;

  @ApiPropertyOptional()
  complaintId?: string;
}

class RectificationPlanDto extends RecordedFactDto {
  @ApiProperty({ type: [String] })
  measures!: string[];

  @ApiProperty()
  ownerId!: string;

  @ApiProperty({ format: 'date-time' })
  dueAt!: string;

  @ApiPropertyOptional({ description: '问题解析 (absent on plans made before it existed or without one)' })
  causeAnalysis?: string;

  @ApiPropertyOptional({ type: [MilestoneDto], description: '时间节点 (absent on plans without them)' })
  milestones?: MilestoneDto[];
}

class FindingReportDto extends RecordedFactDto {
  @ApiProperty({ description: '书面反馈: the written rectification report' })
  report!: string;

  @ApiProperty({ description: 'Fixed during the inspection' })
  onSpot!: boolean;
}

/** 限期整改通知: issued by the SLA when the finding went overdue. */
class DeadlineNoticeDto extends RecordedFactDto {
  @ApiProperty({ description: 'The clock that breached (rectify, rectify#2 after a carry-over …)' })
  clockId!: string;

  @ApiProperty({ format: 'date-time', description: 'The deadline missed' })
  dueAt!: string;

  @ApiProperty({ description: 'The unit notified: the one responsible when it went overdue' })
  unitId!: string;
}

/** 落实情况 against a milestone. */
class ProgressNoteDto extends RecordedFactDto {
  @ApiProperty({ description: 'The milestone (1-based) of the plan in force when it was recorded' })
  milestone!: number;

  @ApiProperty()
  note!: string;

  @ApiProperty({ description: 'The milestone is reached: its clock stopped' })
  completed!: boolean;
}

/** 举一反三: one linked finding per unit. */
class ChildFindingDto {
  @ApiProperty()
  findingId!: string;

  @ApiProperty()
  unitId!: string;
}

class ReinspectionDto extends RecordedFactDto {
  @ApiProperty({ description: 'False when carried over (遗留)' })
  passed!: boolean;

  @ApiProperty({ type: String, nullable: true })
  comment!: string | null;
}

/** OpenAPI shape of the finding view (toFindingView plus revision and clocks): every field it has. */
class FindingCancellationDto extends RecordedFactDto {
  @ApiProperty({ description: 'The complaint whose responsibility decision cancelled it' })
  complaintId!: string;

  @ApiProperty({ description: "The decision's reason" })
  reason!: string;
}

export class FindingViewDto extends EscalatableViewDto {
  @ApiProperty({ enum: ['finding'] })
  kind!: 'finding';

  @ApiProperty()
  category!: string;

  @ApiProperty({ enum: SEVERITIES })
  severity!: string;

  @ApiProperty({ enum: RECTIFICATION_MODES })
  mode!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Set when raised from an inspection' })
  inspectionId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Set when opened by a valid complaint reply' })
  complaintId!: string | null;

  @ApiProperty({ description: 'Failed re-inspections so far' })
  carryOverCount!: number;

  @ApiProperty({ type: FindingSourceDto })
  source!: FindingSourceDto;

  @ApiProperty()
  description!: string;

  @ApiProperty({ description: 'Who raised it' })
  raisedBy!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: '限期: the deadline in force, set when raised and renewed when carried over; null when none was set',
  })
  dueAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'E10001', description: 'The employee responsible (工号), when the inspector named one' })
  staffId!: string | null;

  @ApiProperty({ type: EmployeeDto, nullable: true, description: 'The employee named, as you may see them (name masked unless you may know the employee)' })
  employee!: EmployeeDto | null;

  @ApiProperty({ type: RectificationPlanDto, nullable: true, description: 'The rectification plan; null before one is made' })
  plan!: RectificationPlanDto | null;

  @ApiProperty({ type: RectificationPlanDto, nullable: true, description: "A plan beyond the deadline awaiting the inspector's approval (state planPending); null otherwise" })
  proposedPlan!: RectificationPlanDto | null;

  @ApiProperty({ type: FindingReportDto, nullable: true, description: 'The report in force (the latest)' })
  report!: FindingReportDto | null;

  @ApiProperty({ type: [FindingReportDto], description: 'Every report, oldest first' })
  reports!: FindingReportDto[];

  @ApiProperty({ type: [ReinspectionDto], description: 'Re-inspections (效果评估), oldest first' })
  reinspections!: ReinspectionDto[];

  @ApiProperty({ type: String, nullable: true, description: 'An earlier finding this one repeats (重复发生); null when none was named' })
  repeats!: string | null;

  @ApiProperty({ type: String, nullable: true, description: '举一反三: the parent this finding was raised under; null otherwise' })
  parentId!: string | null;

  @ApiProperty({ type: [ChildFindingDto], description: '举一反三 parent (state coordinating): one linked finding per unit; it closes when all are closed' })
  children!: ChildFindingDto[];

  @ApiProperty({ type: [String], description: 'The children closed so far' })
  closedChildIds!: string[];

  @ApiProperty({ type: [ProgressNoteDto], description: '落实情况 against the milestones, oldest first (each milestone a clock in `clocks`: milestone-1, milestone-2, …)' })
  progress!: ProgressNoteDto[];

  @ApiProperty({ type: [EvidenceAttachmentDto], description: 'Evidence on file (整改照片, re-inspection notes), oldest first' })
  attachments!: EvidenceAttachmentDto[];

  @ApiProperty({ type: [DeadlineNoticeDto], description: '限期整改通知 issued when the finding went overdue, oldest first' })
  deadlineNotices!: DeadlineNoticeDto[];

  @ApiProperty({
    type: FindingCancellationDto,
    nullable: true,
    description: "Set (state cancelled) when the owning department decided its complaint was the customer's responsibility (责任认定)",
  })
  cancellation!: FindingCancellationDto | null;
}
