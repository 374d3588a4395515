import { Label } from '@duban/http-problem';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ITEM_OUTCOMES, SEVERITIES, type ItemOutcome, type Severity } from '@duban/workflow';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsInstant } from '../../shared/instant';

export class ItemResultDto {
  @ApiProperty({ example: 'one-metre-line', description: "An item id of the inspection's checklist version" })
  @IsString()
  @IsNotEmpty()
  @Label('检查项', 'item')
  itemId!: string;

  @ApiProperty({ enum: ITEM_OUTCOMES })
  @IsIn(ITEM_OUTCOMES)
  @Label('检查结果', 'outcome')
  outcome!: ItemOutcome;

  @ApiPropertyOptional({ description: "Points deducted (fail only, 1 to the item's points); defaults to all of them", example: 3 })
  @IsOptional()
  @IsInt()
  @Label('扣分', 'points deducted')
  deducted?: number;

  @ApiPropertyOptional({ example: '一米线标识缺失' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @Label('说明', 'note')
  note?: string;

  @ApiPropertyOptional({ enum: SEVERITIES, description: 'Severity of the finding a failure raises (items that raise findings); minor by default' })
  @IsOptional()
  @IsIn(SEVERITIES)
  @Label('严重程度', 'severity')
  severity?: Severity;

  @ApiPropertyOptional({
    format: 'date-time',
    description: '限期 of the finding a failure raises: required for a failed item that raises findings, in the future (422 naming `dueAt`)',
  })
  @IsOptional()
  @IsInstant()
  @Label('整改期限', 'deadline')
  dueAt?: string;
}

/** 逐项检查: results of checklist items not yet recorded. */
export class RecordItemResultsDto {
  @ApiProperty({ type: [ItemResultDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ItemResultDto)
  @Label('逐项结果', 'item results')
  results!: ItemResultDto[];
}
