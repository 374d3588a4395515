import { Label } from '@duban/http-problem';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsKnownCategory } from '../../shared/known-category';
import { IsKnownStaffMember } from '../../staff/known-staff-member';

/**
 * 违规服务: the employee, the rule broken (a category, or a checklist item whose category it takes)
 * and what happened; optionally the finding or complaint it came out of.
 */
export class RecordViolationDto {
  @ApiProperty({ example: 'E10001', description: 'The employee (工号 in the organisation file); their unit must be in your subtree (403)' })
  @IsKnownStaffMember()
  @Label('违规员工', 'employee')
  staffId!: string;

  @ApiPropertyOptional({ example: 'attitude', description: 'The rule broken, as a category of GET /categories; give it or checklistId with itemId (422)' })
  @IsOptional()
  @IsKnownCategory()
  @Label('违规类别', 'category')
  category?: string;

  @ApiPropertyOptional({ example: 'counter-service', description: 'The checklist template of the item broken (its current version), with itemId' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Label('检查表', 'checklist')
  checklistId?: string;

  @ApiPropertyOptional({ example: 'sign-out', description: 'The checklist item broken; the rule takes its category' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Label('检查项', 'checklist item')
  itemId?: string;

  @ApiProperty({ example: '柜员离柜未签退，监控显示离岗 12 分钟' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @Label('违规情况', 'description')
  description!: string;

  @ApiPropertyOptional({ description: 'The finding it came out of; must be one you can see (422)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Label('关联整改事项', 'linked finding')
  findingId?: string;

  @ApiPropertyOptional({ description: 'The complaint it came out of; must be one you can see (422)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Label('关联投诉', 'linked complaint')
  complaintId?: string;
}
