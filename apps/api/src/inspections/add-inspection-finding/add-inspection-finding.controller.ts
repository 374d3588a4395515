import { Body, Controller, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ProblemException } from '@duban/http-problem';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { FINDINGS, INSPECTIONS } from '@duban/cases';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import type { FindingView } from '@duban/workflow';
import type { Response } from 'express';
import { FindingViewDto } from '../../findings/finding-view.dto';
import { IdempotencyKeyHeader } from '../../shared/aggregate-routes';
import { actorOf, CaseAccess, commandRequestOf } from '../../shared/case-access';
import { AggregatePresenter } from '../../shared/aggregate-presenter';
import { newAggregateId } from '../../shared/creation';
import { CurrentRequest, type RequestContext } from '../../shared/request-context';
import { AddInspectionFindingDto } from './add-inspection-finding.dto';
import { CREATED_CASE_HEADERS } from '../../openapi/response-headers';
import { EmployeePlacement } from '../../staff/employee-placement';

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('inspections')
export class AddInspectionFindingController {
  constructor(
    private readonly cases: CaseAccess,
    private readonly presenter: AggregatePresenter,
    private readonly placement: EmployeePlacement,
  ) {}

  /**
   * Two appends: add-finding on the inspection (refused once it is closed), then raise on the new
   * finding stream. The raise is checked before the first append; its event ids derive from the
   * InspectionFindingAdded event, so a retry with the same Idempotency-Key completes a raise the
   * process did not get to, and never raises twice.
   */
  @Post(':id/findings')
  @ApiOperation({ operationId: 'addInspectionFinding', summary: 'Record a finding of this inspection and raise it for rectification' })
  @IdempotencyKeyHeader()
  @ApiCreatedResponse({ type: FindingViewDto, headers: CREATED_CASE_HEADERS })
  @ApiBadRequestResponse({ description: 'Invalid body, unknown fields or unknown category' })
  @ApiForbiddenResponse({ description: 'Not an inspector or supervisor, or unit outside your subtree' })
  @ApiNotFoundResponse({ description: 'Unknown inspection or outside your units' })
  @ApiConflictResponse({ description: 'The inspection is closed' })
  @ApiUnprocessableEntityResponse({ description: 'Payload breaks a workflow rule, or Idempotency-Key reused' })
  async addFinding(
    @Param('id') inspectionId: string,
    @Body() body: AddInspectionFindingDto,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FindingView & { revision: number }> {
    for (const unitId of [body.unitId, ...(body.unitIds ?? [])]) this.cases.assertMayOpenIn(user, unitId);
    if (body.staffId !== undefined) this.placement.assertWorksWithin(body.staffId, body.unitId, 'raise');
    if (body.repeats !== undefined) await this.assertRepeatable(body.repeats, user);
    const findingId = newAggregateId(user, context);
    const raise = body.toCommand(findingId, inspectionId);
    this.cases.commands.checkCreation(FINDINGS, raise, actorOf(user));

    const inspection = await this.cases.command(INSPECTIONS, inspectionId, { type: 'add-finding', findingId }, user, context, body);
    const added = inspection.history.find((event) => event.type === 'InspectionFindingAdded' && event.data.findingId === findingId)!;
    const idempotency = this.cases.idempotencyOf(context, body);
    const finding = await this.cases.commands.createOnce(FINDINGS, findingId, raise, commandRequestOf(user, context), added, idempotency);
    // 举一反三: the linked findings at once, so the answer lists them (the worker's follow-up reactor guarantees them anyway).
    await this.cases.completeFollowUps(FINDINGS, finding);
    return this.presenter.presentCreated(FINDINGS, finding, user, response, `/findings/${findingId}`);
  }

  /** The finding a new one repeats must be one the inspector can see. */
  private async assertRepeatable(repeats: string, user: AuthenticatedUser): Promise<void> {
    const earlier = await this.cases.read(FINDINGS, repeats, user).catch((error: unknown) => {
      if (error instanceof ProblemException && error.getStatus() === Number(HttpStatus.NOT_FOUND)) return null;
      throw error;
    });
    if (earlier === null) {
      throw ProblemException.of(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'invalid-command',
        { zh: `您的辖区内没有发现问题 ${repeats}。`, en: `No finding ${repeats} in your area of responsibility.` },
        { command: 'raise', errors: [{ field: 'repeats', message: 'is not a finding you can see (GET /findings/{id})' }] },
      );
    }
  }
}
