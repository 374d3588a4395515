import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { VerifyFinding } from '@duban/workflow';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';
import { IsInstant } from '../../shared/instant';

/** 效果评估: passed → verified; failed → carried over and rectified again (the note is then required, 422). */
export class VerifyFindingDto implements CommandPayload<VerifyFinding> {
  @Label('是否通过', 'passed')
  @ApiProperty()
  @IsBoolean()
  passed!: boolean;

  @Label('验收意见', 'verification note')
  @ApiPropertyOptional({ example: '复查发现仍未落实' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'The new deadline (限期) of a carried-over finding: required when it failed and the finding has a deadline, refused when it passed (422)',
  })
  @IsOptional()
  @IsInstant()
  @Label('新的整改期限', 'new deadline')
  dueAt?: string;

  toCommand(): VerifyFinding {
    return { type: 'verify', passed: this.passed, comment: this.note, ...(this.dueAt !== undefined && { dueAt: this.dueAt }) };
  }
}
