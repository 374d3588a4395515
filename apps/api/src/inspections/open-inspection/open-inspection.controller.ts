import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { INSPECTIONS } from '@duban/cases';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import type { InspectionView } from '@duban/workflow';
import type { Response } from 'express';
import { IdempotencyKeyHeader } from '../../shared/aggregate-routes';
import { CaseAccess } from '../../shared/case-access';
import { AggregatePresenter } from '../../shared/aggregate-presenter';
import { newAggregateId } from '../../shared/creation';
import { CurrentRequest, type RequestContext } from '../../shared/request-context';
import { InspectionViewDto } from '../inspection-view.dto';
import { OpenInspectionDto } from './open-inspection.dto';
import { CREATED_CASE_HEADERS } from '../../openapi/response-headers';

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('inspections')
export class OpenInspectionController {
  constructor(
    private readonly cases: CaseAccess,
    private readonly presenter: AggregatePresenter,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'openInspection', summary: 'Open an inspection' })
  @IdempotencyKeyHeader()
  @ApiCreatedResponse({ type: InspectionViewDto, headers: CREATED_CASE_HEADERS })
  @ApiBadRequestResponse({ description: 'Invalid body or unknown fields' })
  @ApiForbiddenResponse({ description: 'Not an inspector or supervisor, or unit outside your subtree' })
  async open(
    @Body() body: OpenInspectionDto,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InspectionView & { revision: number }> {
    this.cases.assertMayOpenIn(user, body.unitId);
    const id = newAggregateId(user, context);
    const outcome = await this.cases.create(INSPECTIONS, id, body.toCommand(id), user, context, body);
    return this.presenter.presentCreated(INSPECTIONS, outcome, user, response, `/inspections/${id}`);
  }
}
