import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { WithdrawComplaint } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

export class WithdrawComplaintDto implements CommandPayload<WithdrawComplaint> {
  @Label('撤诉理由', 'reason for withdrawal')
  @ApiProperty({ example: '客户撤回投诉' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;

  toCommand(): WithdrawComplaint {
    return { type: 'withdraw', reason: this.reason };
  }
}
