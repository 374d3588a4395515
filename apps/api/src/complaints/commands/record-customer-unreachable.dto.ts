import { ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { RecordCustomerUnreachable } from '@duban/workflow';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** 回访: the customer could not be reached; allowed once enough contact attempts since the latest reply failed (409 before). */
export class RecordCustomerUnreachableDto implements CommandPayload<RecordCustomerUnreachable> {
  @Label('回访说明', 'follow-up comment')
  @ApiPropertyOptional({ example: '电话三次未接通，短信亦无回复' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note?: string;

  toCommand(): RecordCustomerUnreachable {
    return { type: 'record-unreachable', comment: this.note };
  }
}
