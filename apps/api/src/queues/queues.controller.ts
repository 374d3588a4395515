import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthenticatedUser } from '@duban/identity';
import type { CaseSort } from '@duban/projections';
import { CaseListDto } from '../queries/case-list.dto';
import { CaseListing, type CaseList } from '../queries/case-listing';
import { PageQueryDto } from '../queries/page-query.dto';
import { SignOffUnits } from '../shared/sign-off-units';

/** Work queues put overdue cases (a breached clock) first, then the nearest deadline; cases without a running clock come last. */
const BY_DEADLINE: CaseSort = { field: 'dueAt', descending: false };

/** Longest waiting first: a case awaiting sign-off has no running clock to sort by. */
const BY_WAITING: CaseSort = { field: 'updatedAt', descending: false };

/** Open complaints and findings in the caller's scope, as work queues. */
@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class QueuesController {
  constructor(
    private readonly listing: CaseListing,
    private readonly signOffUnits: SignOffUnits,
  ) {}

  @Get('mine')
  @ApiOkResponse({ type: CaseListDto })
  @ApiOperation({ summary: 'Open cases assigned to me and, for handlers, those my unit answers for now; overdue first, then nearest deadline' })
  mine(@Query() page: PageQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<CaseList> {
    const workOf = { assigneeId: user.username, unitId: user.role === 'handler' ? user.unitId : undefined };
    return this.listing.list(user, page, { open: true, workOf }, BY_DEADLINE);
  }

  @Get('overdue')
  @ApiOkResponse({ type: CaseListDto })
  @Roles('supervisor', 'unit_head', 'auditor')
  @ApiOperation({ summary: 'Open cases with a breached or past-due clock; nearest deadline first' })
  @ApiForbiddenResponse({ description: 'Supervisors, unit heads and auditors only' })
  overdue(@Query() page: PageQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<CaseList> {
    return this.listing.list(user, page, { open: true, overdue: this.listing.overdueNow() }, BY_DEADLINE);
  }

  @Get('escalated')
  @ApiOkResponse({ type: CaseListDto })
  @Roles('supervisor', 'unit_head', 'auditor')
  @ApiOperation({ summary: 'Open cases escalated at least one level; nearest deadline first' })
  @ApiForbiddenResponse({ description: 'Supervisors, unit heads and auditors only' })
  escalated(@Query() page: PageQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<CaseList> {
    return this.listing.list(user, page, { open: true, escalated: true }, BY_DEADLINE);
  }

  @Get('sign-off')
  @ApiOkResponse({ type: CaseListDto })
  @Roles('unit_head', 'auditor')
  @ApiOperation({
    summary:
      '待签字: complaints awaiting sign-off (签字确认) — followed up, or owing no follow-up (即办, anonymous comment-book entries) — for a unit head those their unit answers for, for auditors all; longest waiting first',
  })
  @ApiForbiddenResponse({ description: 'Unit heads and auditors only' })
  signOff(@Query() page: PageQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<CaseList> {
    // Only the head of the signing unit may sign off (SignOffUnits), so a unit head sees what they alone can sign.
    const signOffUnitIds = user.role === 'unit_head' ? this.signOffUnits.unitsSignedOffBy(user.unitId) : undefined;
    return this.listing.list(user, page, { kinds: ['complaint'], awaitingSignOff: true, signOffUnitIds }, BY_WAITING);
  }
}
