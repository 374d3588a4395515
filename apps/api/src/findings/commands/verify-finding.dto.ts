import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { VerifyFinding } from '@duban/workflow';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** 效果评估: passed → verified; failed → carried over and rectified again (the note is then required, 422). */
export class VerifyFindingDto implements CommandPayload<VerifyFinding> {
  @ApiProperty()
  @IsBoolean()
  passed!: boolean;

  @ApiPropertyOptional({ example: '复查发现仍未落实' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note?: string;

  toCommand(): VerifyFinding {
    return { type: 'verify', passed: this.passed, comment: this.note };
  }
}
