import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ProblemException } from '@duban/http-problem';
import { INSPECTIONS } from '@duban/cases';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import type { InspectionView } from '@duban/workflow';
import type { Response } from 'express';
import { IdempotencyKeyHeader } from '../../shared/aggregate-routes';
import { ChecklistTemplates } from '../../checklists/checklist-templates';
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
    private readonly checklists: ChecklistTemplates,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'openInspection', summary: 'Open an inspection' })
  @IdempotencyKeyHeader()
  @ApiCreatedResponse({ type: InspectionViewDto, headers: CREATED_CASE_HEADERS })
  @ApiBadRequestResponse({ description: 'Invalid body or unknown fields' })
  @ApiForbiddenResponse({ description: 'Not an inspector or supervisor, or unit outside your subtree' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown unit or checklist template; `errors` names the field' })
  async open(
    @Body() body: OpenInspectionDto,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InspectionView & { revision: number }> {
    this.cases.assertMayOpenIn(user, body.unitId);
    const checklist = body.checklistId === undefined ? undefined : await this.checklists.find(body.checklistId);
    if (checklist === null) {
      throw ProblemException.of(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'invalid-command',
        { zh: `没有检查表模板 ${body.checklistId}。`, en: `No checklist template ${body.checklistId}.` },
        {
          command: 'open',
          errors: [{ field: 'checklistId', message: 'is not a checklist template (GET /checklists/{id})' }],
        },
      );
    }
    const id = newAggregateId(user, context);
    const outcome = await this.cases.create(INSPECTIONS, id, body.toCommand(id, checklist), user, context, body);
    return this.presenter.presentCreated(INSPECTIONS, outcome, user, response, `/inspections/${id}`);
  }
}
