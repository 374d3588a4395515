import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { VerifyComplaint } from '@duban/workflow';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** 回访: satisfied → verified; not satisfied → reopened (the note is then required, 422 otherwise). */
export class VerifyComplaintDto implements CommandPayload<VerifyComplaint> {
  @Label('客户是否满意', 'customer satisfied')
  @ApiProperty()
  @IsBoolean()
  satisfied!: boolean;

  @Label('回访记录', 'follow-up note')
  @ApiPropertyOptional({ example: '客户表示满意' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note?: string;

  toCommand(): VerifyComplaint {
    return { type: 'verify', satisfied: this.satisfied, comment: this.note };
  }
}
