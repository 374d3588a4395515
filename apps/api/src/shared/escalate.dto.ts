import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { EscalateComplaint, EscalateFinding } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from './aggregate-routes';

/** 上报: one level up the tree; complaints and findings escalate alike. */
export class EscalateDto implements CommandPayload<EscalateComplaint & EscalateFinding> {
  @Label('上报理由', 'reason for escalation')
  @ApiProperty({ example: '客户情绪激动，需支行协调' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;

  toCommand(): EscalateComplaint & EscalateFinding {
    return { type: 'escalate', reason: this.reason };
  }
}
