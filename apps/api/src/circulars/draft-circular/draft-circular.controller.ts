import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CIRCULARS } from '@duban/cases';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import type { CircularView } from '@duban/workflow';
import type { Response } from 'express';
import { CREATED_CASE_HEADERS } from '../../openapi/response-headers';
import { AggregatePresenter } from '../../shared/aggregate-presenter';
import { IdempotencyKeyHeader } from '../../shared/aggregate-routes';
import { CaseAccess } from '../../shared/case-access';
import { newAggregateId } from '../../shared/creation';
import { CurrentRequest, type RequestContext } from '../../shared/request-context';
import { CircularViewDto } from '../circular-view.dto';
import { DraftCircularDto } from './draft-circular.dto';

@ApiTags('circulars')
@ApiBearerAuth()
@Controller('circulars')
export class DraftCircularController {
  constructor(
    private readonly cases: CaseAccess,
    private readonly presenter: AggregatePresenter,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'draftCircular',
    summary: 'Draft a circular (通报), deadline notice (限期整改通知) or briefing (简报) at your unit, optionally from a ranking or report',
  })
  @IdempotencyKeyHeader()
  @ApiCreatedResponse({ type: CircularViewDto, headers: CREATED_CASE_HEADERS })
  @ApiBadRequestResponse({ description: 'Invalid body or unknown fields' })
  @ApiForbiddenResponse({ description: 'Not a supervisor or inspector, or a recipient outside your subtree' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown or repeated recipient, or a bad source row; `errors` names the field' })
  async draft(
    @Body() body: DraftCircularDto,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CircularView & { revision: number }> {
    for (const unitId of body.recipientUnitIds) this.cases.assertMayOpenIn(user, unitId);
    const id = newAggregateId(user, context);
    const outcome = await this.cases.create(CIRCULARS, id, body.toCommand(id), user, context, body);
    return this.presenter.presentCreated(CIRCULARS, outcome, user, response, `/circulars/${id}`);
  }
}
