import { Label } from '@duban/http-problem';
import { ApiProperty } from '@nestjs/swagger';
import { APPEAL_OUTCOMES, type AppealOutcome, type DecideAppeal } from '@duban/workflow';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';
import { PenaltyFieldsDto } from './decide-penalty.dto';

/** A supervisor of the unit above decides the appeal: upheld, penalty changed (points / amountFen), or annulled. */
export class DecideAppealDto extends PenaltyFieldsDto implements CommandPayload<DecideAppeal> {
  @ApiProperty({ enum: APPEAL_OUTCOMES, description: 'upheld 维持, changed 变更处罚 (give the new points and/or amountFen), annulled 撤销' })
  @IsIn(APPEAL_OUTCOMES)
  @Label('复核结论', 'outcome')
  outcome!: AppealOutcome;

  @ApiProperty({ example: '监控显示系统故障属实，情节较轻，改为扣 1 分' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @Label('复核理由', 'reason')
  reason!: string;

  toCommand(): DecideAppeal {
    return {
      type: 'decide-appeal',
      outcome: this.outcome,
      reason: this.reason,
      ...(this.points !== undefined && { points: this.points }),
      ...(this.amountFen !== undefined && { amountFen: this.amountFen }),
    };
  }
}
