import { applyDecorators, Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { CaseListDto } from './case-list.dto';
import { CaseListing, parseSort, type CaseList } from './case-listing';
import { ComplaintListQueryDto, FindingListQueryDto } from './case-list-query.dto';

const DEFAULT_SORT = '-receivedAt';

const documented = (): MethodDecorator =>
  applyDecorators(
    ApiOkResponse({ type: CaseListDto }),
    ApiBadRequestResponse({ description: 'A bad filter, sort, limit or cursor; names the field' }),
    ApiNotFoundResponse({ description: 'unitId or responsibleUnitId outside your units' }),
    ApiServiceUnavailableResponse({ description: 'The read models did not reach minPosition in time' }),
  );

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ListComplaintsController {
  constructor(private readonly listing: CaseListing) {}

  @Get()
  @ApiOperation({ operationId: 'listComplaints', summary: 'Complaints in your units, filtered, sorted, a page at a time → {items, nextCursor}' })
  @documented()
  list(@Query() query: ComplaintListQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<CaseList> {
    return this.listing.list(user, query, { ...this.listing.criteriaOf(user, query), kinds: ['complaint'] }, parseSort(query.sort ?? DEFAULT_SORT));
  }
}

@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings')
export class ListFindingsController {
  constructor(private readonly listing: CaseListing) {}

  @Get()
  @ApiOperation({ operationId: 'listFindings', summary: 'Findings in your units, filtered, sorted, a page at a time → {items, nextCursor}' })
  @documented()
  list(@Query() query: FindingListQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<CaseList> {
    return this.listing.list(user, query, { ...this.listing.criteriaOf(user, query), kinds: ['finding'] }, parseSort(query.sort ?? DEFAULT_SORT));
  }
}
