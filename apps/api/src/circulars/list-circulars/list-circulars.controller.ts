import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { CIRCULAR_KINDS } from '@duban/workflow';
import { BilingualTextDto } from '../../shared/bilingual-text.dto';
import { CircularRegister, type CircularRegisterEntry } from './circular-register';
import { CIRCULAR_STATES, CircularCountsQueryDto, ListCircularsQueryDto } from './list-circulars.query.dto';

class CircularRegisterEntryDto {
  @ApiProperty({ description: 'The circular id; for a deadline notice on a finding, `<findingId>/<clockId>`' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'TB-2026-000001', description: "The circular's number; for a finding's notice, the finding's" })
  number!: string | null;

  @ApiProperty({ enum: CIRCULAR_KINDS })
  circularKind!: string;

  @ApiProperty({ example: '关于三季度服务检查后两名网点的通报' })
  title!: string;

  @ApiProperty({ enum: CIRCULAR_STATES })
  state!: string;

  @ApiProperty({ description: "Issuing unit; for a finding's notice, the finding's unit" })
  unitId!: string;

  @ApiProperty({ type: [String] })
  recipientUnitIds!: string[];

  @ApiProperty({ type: [String], description: 'Recipient units that acknowledged it' })
  acknowledgedUnitIds!: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  issuedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'A deadline notice the SLA issued on this finding going overdue (限期整改通知)' })
  findingId!: string | null;
}

class CircularListDto {
  @ApiProperty({ type: [CircularRegisterEntryDto] })
  items!: CircularRegisterEntryDto[];
}

class CircularCountDto {
  @ApiProperty({ enum: CIRCULAR_KINDS })
  kind!: string;

  @ApiProperty({ type: BilingualTextDto, example: { zh: '简报', en: 'briefing' } })
  label!: BilingualTextDto;

  @ApiProperty({ example: 13 })
  count!: number;
}

class CircularCountsDto {
  @ApiProperty({ example: '2026' })
  period!: string;

  @ApiProperty({ type: [CircularCountDto], description: 'One row per kind, zeros included' })
  counts!: CircularCountDto[];
}

@ApiTags('circulars')
@ApiBearerAuth()
@Controller('circulars')
export class ListCircularsController {
  constructor(private readonly register: CircularRegister) {}

  @Get()
  @ApiOperation({
    operationId: 'listCirculars',
    summary: 'Circulars, deadline notices and briefings you issued or received (辖内), newest first, by kind, state, period and unit → {items}',
  })
  @ApiOkResponse({ type: CircularListDto })
  @ApiBadRequestResponse({ description: 'A bad filter; names the field' })
  @ApiNotFoundResponse({ description: 'unitId outside your units' })
  async list(@Query() query: ListCircularsQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<{ items: CircularRegisterEntry[] }> {
    return { items: await this.register.list(user, query) };
  }

  @Get('counts')
  @ApiOperation({ operationId: 'countCirculars', summary: 'How many circulars, deadline notices and briefings were issued in a period (e.g. 限期整改通知 4, 通报 6, 简报 13)' })
  @ApiOkResponse({ type: CircularCountsDto })
  @ApiBadRequestResponse({ description: 'period missing or malformed; names the field' })
  @ApiNotFoundResponse({ description: 'unitId outside your units' })
  async counts(@Query() query: CircularCountsQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<CircularCountsDto> {
    return { period: query.period, counts: await this.register.counts(user, query) };
  }
}
