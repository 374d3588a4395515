import { ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { IsIn, IsOptional } from 'class-validator';
import { MinPositionProperty } from '../queries/read-position-query.dto';
import { IsInstant } from '../shared/instant';

export const PACK_FORMATS = ['json', 'csv'] as const;

export class AuditPackQueryDto {
  @Label('格式', 'format')
  @ApiPropertyOptional({ enum: PACK_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(PACK_FORMATS)
  format?: (typeof PACK_FORMATS)[number];
}

/** The cases received (complaints) or raised (findings) in [from, to), within your units. */
export class AuditPacksQueryDto extends AuditPackQueryDto {
  @Label('起始', 'from')
  @ApiPropertyOptional({ description: 'ISO 8601 instant with offset' })
  @IsInstant()
  from!: string;

  @Label('截止', 'to')
  @ApiPropertyOptional({ description: 'ISO 8601 instant with offset (exclusive)' })
  @IsInstant()
  to!: string;

  @Label('案件种类', 'kind')
  @ApiPropertyOptional({ enum: ['complaint', 'finding'], default: 'complaint' })
  @IsOptional()
  @IsIn(['complaint', 'finding'])
  kind?: 'complaint' | 'finding';

  @MinPositionProperty()
  minPosition?: string;
}
