import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPEAL_OUTCOMES } from '@duban/workflow';
import { AggregateViewDto } from '../shared/aggregate-view.dto';
import { RecordedFactDto } from '../shared/recorded-fact.dto';
import { EvidenceAttachmentDto } from '../evidence/evidence-attachment.dto';
import { EmployeeDto } from '../staff/employee.dto';

export class ChecklistItemRefDto {
  @ApiProperty({ example: 'counter-service' })
  checklistId!: string;

  @ApiProperty({ description: 'The template version the item was read from' })
  version!: number;

  @ApiProperty({ example: 'sign-out' })
  itemId!: string;

  @ApiProperty({ example: '柜员离柜时签退' })
  text!: string;
}

/** The rule broken: a category, and the checklist item when there is one. */
export class ViolationRuleDto {
  @ApiProperty({ example: 'internal_control', description: 'An id from GET /categories' })
  category!: string;

  @ApiPropertyOptional({ type: ChecklistItemRefDto })
  checklistItem?: ChecklistItemRefDto;
}

/** Points (扣分) and/or a fine in fen (经济处罚, 1 yuan = 100 fen); at least one is set. */
export class PenaltyDto {
  @ApiProperty({ type: Number, nullable: true, example: 2 })
  points!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 20000, description: 'Fine in fen (200.00 yuan = 20000)' })
  amountFen!: number | null;
}

class PenaltyDecisionDto extends RecordedFactDto {
  @ApiProperty({ type: Number, nullable: true })
  points!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Fine in fen' })
  amountFen!: number | null;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ description: "The deciding supervisor's unit" })
  decidedAtUnitId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The unit above, which hears an appeal; null at head office (no appeal)' })
  appealUnitId!: string | null;
}

class AppealDto extends RecordedFactDto {
  @ApiProperty()
  grounds!: string;

  @ApiProperty({ description: 'The unit hearing it' })
  toUnitId!: string;
}

class AppealDecisionDto extends RecordedFactDto {
  @ApiProperty({ enum: APPEAL_OUTCOMES })
  outcome!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: PenaltyDto, nullable: true, description: 'The new penalty, when changed' })
  penalty!: PenaltyDto | null;
}

/** OpenAPI shape of the violation view (toViolationView, the employee disclosed, plus revision). */
export class ViolationViewDto extends AggregateViewDto {
  @ApiProperty({ enum: ['violation'] })
  kind!: 'violation';

  @ApiProperty({ example: 'E10001', description: 'The employee (工号)' })
  staffId!: string;

  @ApiProperty({ type: EmployeeDto, description: 'The employee as you may see them' })
  employee!: EmployeeDto;

  @ApiProperty({ type: ViolationRuleDto })
  rule!: ViolationRuleDto;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: String, nullable: true })
  findingId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  complaintId!: string | null;

  @ApiProperty()
  recordedBy!: string;

  @ApiProperty({ type: PenaltyDto, nullable: true, description: 'The penalty in force: as decided or as changed on appeal; null before the decision and once annulled' })
  penalty!: PenaltyDto | null;

  @ApiProperty({ type: PenaltyDecisionDto, nullable: true })
  penaltyDecision!: PenaltyDecisionDto | null;

  @ApiProperty({ type: AppealDto, nullable: true })
  appeal!: AppealDto | null;

  @ApiProperty({ type: AppealDecisionDto, nullable: true })
  appealDecision!: AppealDecisionDto | null;

  @ApiProperty({ type: [EvidenceAttachmentDto], description: 'Evidence on file (监控调阅记录, photos), oldest first' })
  attachments!: EvidenceAttachmentDto[];
}
