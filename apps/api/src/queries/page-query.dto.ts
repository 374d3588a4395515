import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** A page at a time, common to every list. */
export class CursorQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page, with the same filters and sort' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  cursor?: string;
}

/** Lists over the read models also wait for the caller's own writes. */
export class PageQueryDto extends CursorQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the read models include this global position (X-Duban-Position of a command response)' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'minPosition must be a global position (digits)' })
  minPosition?: string;
}
