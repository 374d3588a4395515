import { ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { CASE_SORT_FIELDS } from '@duban/projections';
import { CASE_TYPES, COMPLAINT_CHANNELS, complaintMachine, findingMachine } from '@duban/workflow';
import { PageQueryDto } from './page-query.dto';
import { IsInstant } from '../shared/instant';
import { withMessage } from '@duban/http-problem';

const SORT_PATTERN = new RegExp(`^-?(${CASE_SORT_FIELDS.join('|')})$`);
const statesOf = (machine: { config: { states?: object } }): string[] => Object.keys(machine.config.states ?? {}).filter((state) => state !== 'none');

/** Filters and sort shared by GET /complaints and GET /findings; every filter narrows (AND). */
class CaseListQueryDto extends PageQueryDto {
  @Label('机构', 'unit')
  @ApiPropertyOptional({ description: "That unit's subtree (辖内); a unit outside your own scope is 404" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  unitId?: string;

  @Label('责任机构', 'responsible unit')
  @ApiPropertyOptional({ description: 'The unit answering for the case now (exactly)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  responsibleUnitId?: string;

  @Label('承办人', 'assignee')
  @ApiPropertyOptional({ description: 'Username of the assignee' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  assignee?: string;

  @Label('类别', 'category')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  category?: string;

  @Label('上报层级', 'escalation level')
  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  escalationLevel?: number;

  @Label('是否超时', 'overdue')
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'An open clock breached, or a running clock past its due time' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @Label('到期早于', 'due before')
  @ApiPropertyOptional({ description: 'Nearest running deadline before this instant (ISO 8601)' })
  @IsOptional()
  @IsInstant()
  dueBefore?: string;

  @Label('受理起始', 'received from')
  @ApiPropertyOptional({ description: 'Received at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsInstant()
  receivedFrom?: string;

  @Label('受理截止', 'received to')
  @ApiPropertyOptional({ description: 'Received before this instant (exclusive, ISO 8601)' })
  @IsOptional()
  @IsInstant()
  receivedTo?: string;

  @Label('案件编号', 'case number')
  @ApiPropertyOptional({
    example: 'TS-2026-000123',
    description: 'Case number, case-insensitive: the whole number (TS-2026-123 finds TS-2026-000123) or its beginning (TS-2026-00012)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  number?: string;

  @Label('关键词', 'search text')
  @ApiPropertyOptional({ description: 'Text the description contains' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: `One of ${CASE_SORT_FIELDS.join(', ')}; a leading - sorts descending. Default -receivedAt` })
  @Label('排序', 'sort')
  @IsOptional()
  @Matches(
    SORT_PATTERN,
    withMessage((l) => ({
      zh: `「${l.zh}」须为 ${CASE_SORT_FIELDS.join('、')} 之一，可加前缀 - 表示降序`,
      en: `"${l.en}" must be one of ${CASE_SORT_FIELDS.join(', ')}, optionally with a leading -`,
    })),
  )
  sort?: string;
}

export class ComplaintListQueryDto extends CaseListQueryDto {
  @Label('状态', 'state')
  @ApiPropertyOptional({ enum: statesOf(complaintMachine) })
  @IsOptional()
  @IsIn(statesOf(complaintMachine))
  state?: string;

  @Label('案件类型', 'case type')
  @ApiPropertyOptional({ enum: CASE_TYPES })
  @IsOptional()
  @IsIn(CASE_TYPES)
  type?: string;

  @Label('受理渠道', 'channel')
  @ApiPropertyOptional({ enum: COMPLAINT_CHANNELS })
  @IsOptional()
  @IsIn(COMPLAINT_CHANNELS)
  channel?: string;
}

export class FindingListQueryDto extends CaseListQueryDto {
  @Label('状态', 'state')
  @ApiPropertyOptional({ enum: statesOf(findingMachine) })
  @IsOptional()
  @IsIn(statesOf(findingMachine))
  state?: string;

  @Label('重复发生的原问题', 'repeats finding')
  @ApiPropertyOptional({
    example: '0c5d2f1e-7a41-4f8e-9a9b-3f1c2d4e5a6b',
    description: "Findings that name this earlier finding as the one they repeat (重复发生): the earlier finding's repeatedBy",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  repeatOf?: string;
}

export type AnyCaseListQuery = ComplaintListQueryDto & FindingListQueryDto;
