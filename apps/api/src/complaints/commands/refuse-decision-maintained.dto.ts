import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { RefuseDecisionMaintained } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** A supervisor refuses to maintain the decision: the case goes back to its follow-up. */
export class RefuseDecisionMaintainedDto implements CommandPayload<RefuseDecisionMaintained> {
  @Label('不同意维持原处理意见的理由', 'reason for refusing')
  @ApiProperty({ example: '客户反映的柜台录像尚未调阅，请核实后再答复' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;

  toCommand(): RefuseDecisionMaintained {
    return { type: 'refuse-decision-maintained', reason: this.reason };
  }
}
