import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { TransferComplaint } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

export class TransferComplaintDto implements CommandPayload<TransferComplaint> {
  @Label('移交机构', 'unit transferred to')
  @ApiProperty({
    example: 'anshan-daoxi',
    description: 'The unit that should handle it: within your subtree, or anywhere for head office and the supervisors of a unit that distributes cases (403 otherwise)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  toUnitId!: string;

  @Label('移交理由', 'reason for transfer')
  @ApiProperty({ example: '客户在道西支行办理业务，登记网点有误' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;

  toCommand(): TransferComplaint {
    return { type: 'transfer', toUnitId: this.toUnitId, reason: this.reason };
  }
}
