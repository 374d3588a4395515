import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { ReferComplaint } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

export class ReferComplaintDto implements CommandPayload<ReferComplaint> {
  @Label('报总行理由', 'reason for referral')
  @ApiProperty({ example: '涉及总行系统规则，超出网点处理权限' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;

  toCommand(): ReferComplaint {
    return { type: 'refer', reason: this.reason };
  }
}
