import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { PlanRectification } from '@duban/workflow';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';
import { IsInstant } from '../../shared/instant';

/** 时间节点: one step of the plan and its date. */
export class MilestoneDto {
  @ApiProperty({ example: '完成一米线设置' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @Label('节点内容', 'milestone')
  text!: string;

  @ApiProperty({ format: 'date-time', description: "In the future and no later than the plan's dueAt (422)" })
  @IsInstant()
  @Label('节点时间', 'milestone date')
  dueAt!: string;
}

/** 整改方案: measures, owner and deadline, cause analysis and milestones; a later plan replaces the earlier one. */
export class PlanRectificationDto implements CommandPayload<PlanRectification> {
  @Label('整改措施', 'measures')
  @ApiProperty({ type: [String], example: ['每日营业终了核库', '主管签字确认'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(4000, { each: true })
  measures!: string[];

  @Label('整改责任人', 'owner')
  @ApiProperty({ example: 'head.haicheng', description: 'Username answering for the rectification' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  ownerId!: string;

  @Label('整改期限', 'rectification deadline')
  @ApiProperty({ format: 'date-time', description: 'Must be in the future (422)' })
  @IsInstant()
  dueAt!: string;

  @ApiPropertyOptional({ example: '柜员对核库制度理解不到位，主管未逐日检查', description: '问题解析: why it happened' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @Label('问题解析', 'cause analysis')
  causeAnalysis?: string;

  @ApiPropertyOptional({ type: [MilestoneDto], description: '时间节点, each no later than dueAt' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  @Label('时间节点', 'milestones')
  milestones?: MilestoneDto[];

  toCommand(): PlanRectification {
    return {
      type: 'plan',
      measures: this.measures,
      ownerId: this.ownerId,
      dueAt: this.dueAt,
      ...(this.causeAnalysis !== undefined && { causeAnalysis: this.causeAnalysis }),
      ...(this.milestones !== undefined && { milestones: this.milestones }),
    };
  }
}
