import { ApiProperty } from '@nestjs/swagger';
import { PenaltyDto, ViolationRuleDto } from '../../violations/violation-view.dto';
import { EmployeeDto } from '../employee.dto';

/** What the service file shows of every complaint and finding naming the employee. */
class ServiceFileRecordDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'TS-2026-000012', description: '案件编号: TS- for a complaint, ZG- for a finding' })
  number!: string | null;

  @ApiProperty()
  state!: string;

  @ApiProperty()
  unitId!: string;

  @ApiProperty()
  category!: string;
}

class ServiceFileComplaintDto extends ServiceFileRecordDto {
  @ApiProperty({ enum: ['valid', 'customer'], description: 'The responsibility decided (责任认定)' })
  responsibility!: string;

  @ApiProperty({ enum: ['complained_about', 'responsible'], isArray: true, description: 'How the decision names the employee: 被投诉员工 and/or 责任人' })
  named!: ('complained_about' | 'responsible')[];

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;
}

class ServiceFileFindingDto extends ServiceFileRecordDto {
  @ApiProperty()
  description!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

class ServiceFileViolationDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'WG-2026-000003' })
  number!: string | null;

  @ApiProperty({ enum: ['recorded', 'penalised', 'appealed', 'settled', 'annulled'] })
  state!: string;

  @ApiProperty({ type: ViolationRuleDto })
  rule!: ViolationRuleDto;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: PenaltyDto, nullable: true, description: 'The penalty in force; null before the decision and once annulled' })
  penalty!: PenaltyDto | null;

  @ApiProperty({ type: String, nullable: true, enum: ['upheld', 'changed', 'annulled'], description: "The appeal's outcome; null without a decided appeal" })
  appealOutcome!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

class PenaltyTotalsDto {
  @ApiProperty({ description: 'Violations not annulled' })
  violations!: number;

  @ApiProperty({ description: 'Points deducted by the penalties in force' })
  points!: number;

  @ApiProperty({ description: 'Fines of the penalties in force, in fen' })
  amountFen!: number;
}

class RepeatOffenderDto {
  @ApiProperty({ description: 'At least `threshold` violations (not annulled) in the last `months` months' })
  flagged!: boolean;

  @ApiProperty({ description: 'Violations (not annulled) recorded in the window' })
  violationsInWindow!: number;

  @ApiProperty({ description: 'REPEAT_OFFENDER_VIOLATIONS' })
  threshold!: number;

  @ApiProperty({ description: 'REPEAT_OFFENDER_MONTHS' })
  months!: number;
}

/** 服务档案: what the records say of one employee. */
export class ServiceFileDto {
  @ApiProperty({ type: EmployeeDto })
  employee!: EmployeeDto;

  @ApiProperty({ type: [ServiceFileComplaintDto], description: 'Complaints whose responsibility decision in force names the employee, that you can see, oldest first' })
  complaints!: ServiceFileComplaintDto[];

  @ApiProperty({ type: [ServiceFileFindingDto], description: 'Findings naming the employee responsible that you can see, oldest first' })
  findings!: ServiceFileFindingDto[];

  @ApiProperty({ type: [ServiceFileViolationDto], description: 'Violations (违规服务), oldest first, annulled ones included' })
  violations!: ServiceFileViolationDto[];

  @ApiProperty({ type: PenaltyTotalsDto })
  totals!: PenaltyTotalsDto;

  @ApiProperty({ type: RepeatOffenderDto })
  repeatOffender!: RepeatOffenderDto;
}
