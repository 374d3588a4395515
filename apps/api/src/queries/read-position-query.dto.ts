import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** Read-your-writes for any query over the read models. */
export class ReadPositionQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the read models include this global position (X-Duban-Position of a command response)' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'minPosition must be a global position (digits)' })
  minPosition?: string;
}
