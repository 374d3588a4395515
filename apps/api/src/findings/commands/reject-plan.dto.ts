import { Label } from '@duban/http-problem';
import { ApiProperty } from '@nestjs/swagger';
import type { RejectPlan } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** The inspector refuses a plan beyond the deadline; the deadline and any earlier plan stand. */
export class RejectPlanDto implements CommandPayload<RejectPlan> {
  @ApiProperty({ example: '延期理由不充分，请按原限期整改' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @Label('退回理由', 'reason')
  reason!: string;

  toCommand(): RejectPlan {
    return { type: 'reject-plan', reason: this.reason };
  }
}
