import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { MinPositionProperty } from '../queries/read-position-query.dto';

export const PACK_FORMATS = ['json', 'csv'] as const;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export class AuditPackQueryDto {
  @ApiPropertyOptional({ enum: PACK_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(PACK_FORMATS)
  format?: (typeof PACK_FORMATS)[number];
}

/** The cases received (complaints) or raised (findings) in [from, to), within your units. */
export class AuditPacksQueryDto extends AuditPackQueryDto {
  @ApiPropertyOptional({ description: 'ISO 8601 instant with offset' })
  @Matches(INSTANT, { message: 'from must be an ISO 8601 instant with its offset' })
  from!: string;

  @ApiPropertyOptional({ description: 'ISO 8601 instant with offset (exclusive)' })
  @Matches(INSTANT, { message: 'to must be an ISO 8601 instant with its offset' })
  to!: string;

  @ApiPropertyOptional({ enum: ['complaint', 'finding'], default: 'complaint' })
  @IsOptional()
  @IsIn(['complaint', 'finding'])
  kind?: 'complaint' | 'finding';

  @MinPositionProperty()
  minPosition?: string;
}
