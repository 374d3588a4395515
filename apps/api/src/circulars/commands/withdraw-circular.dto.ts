import { Label } from '@duban/http-problem';
import type { WithdrawCircular } from '@duban/workflow';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** Withdraws an issued circular, e.g. to correct it by a new one; its receipts stay on record. */
export class WithdrawCircularDto implements CommandPayload<WithdrawCircular> {
  @Label('撤回理由', 'reason')
  @ApiProperty({ example: '排名数据有误，另行通报' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;

  toCommand(): WithdrawCircular {
    return { type: 'withdraw', reason: this.reason };
  }
}
