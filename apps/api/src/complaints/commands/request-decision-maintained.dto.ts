import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { RequestDecisionMaintained } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** 维持原处理意见, asked by the handler: the customer stays unsatisfied without a new reason; a supervisor approves or refuses. */
export class RequestDecisionMaintainedDto implements CommandPayload<RequestDecisionMaintained> {
  @Label('申请维持原处理意见的理由', 'reason to maintain the decision')
  @ApiProperty({ example: '客户对答复仍不满意，但未提出新的事实或理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note!: string;

  toCommand(): RequestDecisionMaintained {
    return { type: 'request-decision-maintained', comment: this.note };
  }
}
