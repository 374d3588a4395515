import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { MaintainDecision } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** 维持原处理意见 approved by a supervisor, after the handler asked for it; an unsatisfied customer with a new reason is `verify` instead, which reopens. */
export class MaintainDecisionDto implements CommandPayload<MaintainDecision> {
  @Label('批准维持原处理意见的意见', 'reason the decision stands')
  @ApiProperty({ example: '经复核，原处理意见符合规定，客户未提出新的理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note!: string;

  toCommand(): MaintainDecision {
    return { type: 'maintain-decision', comment: this.note };
  }
}
