import { ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { CloseInspection } from '@duban/workflow';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../shared/aggregate-routes';

export class CloseInspectionDto implements CommandPayload<CloseInspection> {
  @Label('检查小结', 'summary')
  @ApiPropertyOptional({ description: '问题总结: lessons learned', example: '一米线问题在多个网点重复出现' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary?: string;

  toCommand(): CloseInspection {
    return { type: 'close', summary: this.summary };
  }
}
