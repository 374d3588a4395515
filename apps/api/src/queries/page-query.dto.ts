import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { Label } from '@duban/http-problem';
import { MinPositionProperty } from './read-position-query.dto';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** A cursor the API did not issue, or one changed on its way back. */
export const NOT_OUR_CURSOR = { zh: '「游标」不是本 API 给出的游标', en: '"cursor" is not a cursor this API issued' };

/** A page at a time, common to every list. */
export class CursorQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @Label('每页条数', 'page size')
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page, with the same filters and sort' })
  @Label('游标', 'cursor')
  @IsOptional()
  @IsString()
  @MinLength(1)
  cursor?: string;
}

/** Lists over the read models also wait for the caller's own writes. */
export class PageQueryDto extends CursorQueryDto {
  @MinPositionProperty()
  minPosition?: string;
}
