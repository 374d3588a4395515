import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { MinPositionProperty } from '../queries/read-position-query.dto';
import { IsInstant } from '../shared/instant';

export const PACK_FORMATS = ['json', 'csv'] as const;

export class AuditPackQueryDto {
  @ApiPropertyOptional({ enum: PACK_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(PACK_FORMATS)
  format?: (typeof PACK_FORMATS)[number];
}

/** The cases received (complaints) or raised (findings) in [from, to), within your units. */
export class AuditPacksQueryDto extends AuditPackQueryDto {
  @ApiPropertyOptional({ description: 'ISO 8601 instant with offset' })
  @IsInstant()
  from!: string;

  @ApiPropertyOptional({ description: 'ISO 8601 instant with offset (exclusive)' })
  @IsInstant()
  to!: string;

  @ApiPropertyOptional({ enum: ['complaint', 'finding'], default: 'complaint' })
  @IsOptional()
  @IsIn(['complaint', 'finding'])
  kind?: 'complaint' | 'finding';

  @MinPositionProperty()
  minPosition?: string;
}
