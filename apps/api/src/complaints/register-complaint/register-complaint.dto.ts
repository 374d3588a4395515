import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_TYPES, COMPLAINT_CHANNELS, PRIORITIES, type CaseType, type ComplaintChannel, type Priority, type RegisterComplaint } from '@duban/workflow';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsKnownCategory } from '../../shared/known-category';
import { ReplyToComplaintDto } from '../commands/reply-to-complaint.dto';
import { IsInstant } from '../../shared/instant';

export class CustomerDto {
  @ApiProperty({ example: '陈**' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: '400-000-0000' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  idNumber?: string;
}

export class ResolvedOnSpotDto {
  @ApiProperty({ type: ReplyToComplaintDto })
  // ValidateNested alone passes a missing object (and validates an array item by item): toCommand would then fail on it.
  @IsObject()
  @ValidateNested()
  @Type(() => ReplyToComplaintDto)
  reply!: ReplyToComplaintDto;
}

/** 受理: a new case as received. */
export class RegisterComplaintDto {
  @ApiProperty({ enum: CASE_TYPES, description: '投诉 complaint, 协查 investigation, 建议 suggestion, 表扬 praise' })
  @IsIn(CASE_TYPES)
  type!: CaseType;

  @ApiProperty({ enum: COMPLAINT_CHANNELS })
  @IsIn(COMPLAINT_CHANNELS)
  channel!: ComplaintChannel;

  @ApiProperty({ example: 'attitude', description: 'An id from GET /categories' })
  @IsKnownCategory()
  category!: string;

  @ApiProperty({ example: 'anshan-haicheng-yys', description: 'Owning unit; within your subtree (403 otherwise)' })
  @IsString()
  @IsNotEmpty()
  unitId!: string;

  @ApiPropertyOptional({ type: CustomerDto, description: 'Left out only for an anonymous comment-book entry (channel comment_book); 422 on any other channel' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer?: CustomerDto;

  @ApiProperty({ example: '柜员态度冷漠、不耐烦' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now; earlier for a letter; never in the future (422)' })
  @IsOptional()
  @IsInstant()
  receivedAt?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ type: ResolvedOnSpotDto, description: '即办: answered on the spot' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ResolvedOnSpotDto)
  resolvedOnSpot?: ResolvedOnSpotDto;

  toCommand(complaintId: string, now: Date): RegisterComplaint {
    return {
      type: 'register',
      complaintId,
      channel: this.channel,
      caseType: this.type,
      category: this.category,
      ...(this.customer && { customer: customerOf(this.customer) }),
      description: this.description,
      unitId: this.unitId,
      receivedAt: this.receivedAt ?? now.toISOString(),
      priority: this.priority ?? 'normal',
      ...(this.resolvedOnSpot && { resolvedOnSpot: { reply: this.resolvedOnSpot.reply.toCommand() } }),
    };
  }
}

function customerOf({ name, phone, idNumber }: CustomerDto): NonNullable<RegisterComplaint['customer']> {
  return { name, ...(phone !== undefined && { phone }), ...(idNumber !== undefined && { idNumber }) };
}
