import { Label } from '@duban/http-problem';
import { CIRCULAR_KINDS, CIRCULAR_SOURCE_KINDS, MAX_SOURCE_ROWS, type CircularKind, type CircularSourceKind, type DraftCircular } from '@duban/workflow';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** The ranking or report a circular is drafted from, with its rows as the drafter saw them. */
export class CircularSourceDto {
  @Label('来源类型', 'source kind')
  @ApiProperty({ enum: CIRCULAR_SOURCE_KINDS })
  @IsIn(CIRCULAR_SOURCE_KINDS)
  kind!: CircularSourceKind;

  @Label('来源', 'source reference')
  @ApiProperty({ example: '/reports/scores?period=2026-Q3&unitId=anshan&level=outlet', description: 'The request that answered the ranking or report' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reference!: string;

  @Label('数据快照', 'rows')
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: { oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }] } },
    example: [{ unitId: 'anshan-tiedong', rank: 12, score: 71.5 }],
    description: `Its rows as they stood (at most ${MAX_SOURCE_ROWS}); each an object of texts, numbers, booleans or nulls`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_SOURCE_ROWS)
  @IsObject({ each: true })
  rows!: Record<string, string | number | boolean | null>[];
}

/** Fields of a circular that a draft sets and an edit changes. */
export class DraftCircularDto {
  @Label('发文类型', 'kind')
  @ApiProperty({ enum: CIRCULAR_KINDS, description: 'circular 通报, deadline_notice 限期整改通知, briefing 简报' })
  @IsIn(CIRCULAR_KINDS)
  kind!: CircularKind;

  @Label('标题', 'title')
  @ApiProperty({ example: '关于三季度服务检查后两名网点的通报' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @Label('正文', 'content')
  @ApiProperty({ example: '三季度全辖网点服务检查评分中，铁东支行营业室、道西支行分理处居后两名，现予通报，请于十日内完成整改。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  content!: string;

  @Label('收文机构', 'recipient units')
  @ApiProperty({ type: [String], example: ['anshan-tiedong', 'anshan-daoxi'], description: 'Units of your subtree (403 otherwise), each once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  recipientUnitIds!: string[];

  @Label('来源', 'source')
  @ApiPropertyOptional({ type: CircularSourceDto, description: 'The ranking or report it is drafted from' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CircularSourceDto)
  source?: CircularSourceDto;

  @Label('更正的通报', 'circular corrected')
  @ApiPropertyOptional({ description: 'A withdrawn circular this one corrects (更正); 422 unless you see it and it is withdrawn' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  correctsId?: string;

  toCommand(circularId: string): DraftCircular {
    const { kind, title, content, recipientUnitIds, source, correctsId } = this;
    return {
      type: 'draft',
      circularId,
      kind,
      title,
      content,
      recipientUnitIds,
      ...(source !== undefined && { source: { kind: source.kind, reference: source.reference, rows: source.rows } }),
      ...(correctsId !== undefined && { correctsId }),
    };
  }
}
