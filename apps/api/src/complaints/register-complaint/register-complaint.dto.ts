import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { CASE_TYPES, COMPLAINT_CHANNELS, PRIORITIES, type CaseType, type ComplaintChannel, type Priority, type RegisterComplaint } from '@duban/workflow';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsKnownCategory } from '../../shared/known-category';
import { ReplyToComplaintDto } from '../commands/reply-to-complaint.dto';
import { IsInstant } from '../../shared/instant';

export class CustomerDto {
  @Label('客户姓名', 'customer name')
  @ApiProperty({ example: '陈**' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Label('客户电话', 'customer phone')
  @ApiPropertyOptional({ example: '400-000-0000' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  phone?: string;

  @Label('客户证件号', 'customer ID number')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  idNumber?: string;
}

export class ResolvedOnSpotDto {
  @Label('即办答复', 'on-the-spot reply')
  @ApiProperty({ type: ReplyToComplaintDto })
  // ValidateNested alone passes a missing object (and validates an array item by item): toCommand would then fail on it.
  @IsObject()
  @ValidateNested()
  @Type(() => ReplyToComplaintDto)
  reply!: ReplyToComplaintDto;
}

/** 受理: a new case as received. */
export class RegisterComplaintDto {
  @Label('案件类型', 'case type')
  @ApiProperty({ enum: CASE_TYPES, description: '投诉 complaint, 协查 investigation, 建议 suggestion, 表扬 praise' })
  @IsIn(CASE_TYPES)
  type!: CaseType;

  @Label('受理渠道', 'channel')
  @ApiProperty({ enum: COMPLAINT_CHANNELS })
  @IsIn(COMPLAINT_CHANNELS)
  channel!: ComplaintChannel;

  @Label('投诉类别', 'category')
  @ApiProperty({ example: 'attitude', description: 'An id from GET /categories' })
  @IsKnownCategory()
  category!: string;

  @Label('受理机构', 'receiving unit')
  @ApiProperty({ example: 'anshan-haicheng-yys', description: 'Owning unit; within your subtree (403 otherwise)' })
  @IsString()
  @IsNotEmpty()
  unitId!: string;

  @Label('客户', 'customer')
  @ApiPropertyOptional({ type: CustomerDto, description: 'Left out only for an anonymous comment-book entry (channel comment_book); 422 on any other channel' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer?: CustomerDto;

  @Label('投诉内容', 'complaint text')
  @ApiProperty({ example: '柜员态度冷漠、不耐烦' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description!: string;

  @Label('收到时间', 'received at')
  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now; earlier for a letter; never in the future (422)' })
  @IsOptional()
  @IsInstant()
  receivedAt?: string;

  @Label('紧急程度', 'priority')
  @ApiPropertyOptional({ enum: PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @Label('即办', 'resolved on the spot')
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
