import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { HandOverComplaint } from '@duban/workflow';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

export class HandOverComplaintDto implements CommandPayload<HandOverComplaint> {
  @Label('投诉管理人', 'complaint manager')
  @ApiProperty({ example: 'manager.haicheng', description: "Username of a complaint manager (投诉管理人) of the case's unit, as the organisation file names them (422 otherwise)" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  managerId!: string;

  @Label('转办理由', 'reason for hand-over')
  @ApiPropertyOptional({ example: '涉及账户差错，转投诉管理人处理' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason?: string;

  toCommand(): HandOverComplaint {
    return { type: 'hand-over', managerId: this.managerId, ...(this.reason !== undefined && { reason: this.reason }) };
  }
}
