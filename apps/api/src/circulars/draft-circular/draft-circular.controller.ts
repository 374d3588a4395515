import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CIRCULARS } from '@duban/cases';
import { ProblemException } from '@duban/http-problem';
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
  @ApiUnprocessableEntityResponse({ description: 'Unknown or repeated recipient, a bad source row, or correctsId not a withdrawn circular; `errors` names the field' })
  async draft(
    @Body() body: DraftCircularDto,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CircularView & { revision: number }> {
    for (const unitId of body.recipientUnitIds) this.cases.assertMayOpenIn(user, unitId);
    if (body.correctsId !== undefined) await this.assertWithdrawn(body.correctsId, user);
    const id = newAggregateId(user, context);
    const outcome = await this.cases.create(CIRCULARS, id, body.toCommand(id), user, context, body);
    return this.presenter.presentCreated(CIRCULARS, outcome, user, response, `/circulars/${id}`);
  }

  /** A correction (更正) follows a circular withdrawn for it, one the drafter sees. */
  private async assertWithdrawn(correctsId: string, user: AuthenticatedUser): Promise<void> {
    const corrected = await this.cases.read(CIRCULARS, correctsId, user).catch(() => undefined);
    if (corrected?.state.value === 'withdrawn') return;
    throw ProblemException.of(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'invalid-command',
      { zh: `通报 ${correctsId} 不存在或尚未撤回：先撤回，再起草更正。`, en: `Circular ${correctsId} is unknown or not withdrawn: withdraw it, then draft its correction.` },
      { command: 'draft', errors: [{ field: 'correctsId', message: 'must be a withdrawn circular you can see' }] },
    );
  }
}
