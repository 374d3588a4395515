import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { INSPECTION_KINDS, INSPECTION_STATES } from '@duban/workflow';
import { InspectionListing, type InspectionListItem } from './inspection-listing';
import { ListInspectionsQueryDto } from './list-inspections.query.dto';

class ChecklistVersionDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  version!: number;
}

class InspectionListItemDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'JC-2026-000001' })
  number!: string | null;

  @ApiProperty({ enum: INSPECTION_KINDS })
  inspectionKind!: string;

  @ApiProperty()
  unitId!: string;

  @ApiProperty({ enum: INSPECTION_STATES })
  state!: string;

  @ApiProperty({ type: String, nullable: true, description: 'A self-inspection (自查): the unit above it reports to' })
  reportsTo!: string | null;

  @ApiProperty()
  scope!: string;

  @ApiProperty()
  openedBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: string | null;

  @ApiProperty({ type: [String] })
  findingIds!: string[];

  @ApiProperty({ type: ChecklistVersionDto, nullable: true })
  checklist!: ChecklistVersionDto | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Score in percent; null without a checklist or before an item is passed or failed' })
  scorePercent!: number | null;
}

class InspectionListDto {
  @ApiProperty({ type: [InspectionListItemDto] })
  items!: InspectionListItemDto[];
}

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('inspections')
export class ListInspectionsController {
  constructor(private readonly listing: InspectionListing) {}

  @Get()
  @ApiOperation({ summary: 'Inspections in your units, newest first, filtered by unit subtree, kind, state, period, checklist and score range → {items}' })
  @ApiOkResponse({ type: InspectionListDto })
  @ApiBadRequestResponse({ description: 'A bad filter; names the field' })
  @ApiNotFoundResponse({ description: 'unitId outside your units' })
  async list(@Query() query: ListInspectionsQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<{ items: InspectionListItem[] }> {
    return { items: await this.listing.list(user, query) };
  }
}
