import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { PlanRectification } from '@duban/workflow';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';
import { IsInstant } from '../../shared/instant';

/** 整改方案: measures, owner and deadline; a later plan replaces the earlier one. */
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

  toCommand(): PlanRectification {
    return { type: 'plan', measures: this.measures, ownerId: this.ownerId, dueAt: this.dueAt };
  }
}
