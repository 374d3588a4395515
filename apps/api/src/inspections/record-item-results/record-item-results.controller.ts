import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { FINDINGS, INSPECTIONS, type Decision } from '@duban/cases';
import { keyedAggregateId } from '@duban/command-handling';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { checklistItems, InvalidCommandError, type InspectionState, type InspectionView, type ItemResultInput, type RaiseFinding, type RecordItemResults } from '@duban/workflow';
import type { Response } from 'express';
import { CASE_VIEW_HEADERS } from '../../openapi/response-headers';
import { AggregatePresenter } from '../../shared/aggregate-presenter';
import { IdempotencyKeyHeader } from '../../shared/aggregate-routes';
import { actorOf, CaseAccess, commandRequestOf } from '../../shared/case-access';
import { CurrentRequest, type RequestContext } from '../../shared/request-context';
import { InspectionViewDto } from '../inspection-view.dto';
import { RecordItemResultsDto } from './record-item-results.dto';

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('inspections')
export class RecordItemResultsController {
  constructor(
    private readonly cases: CaseAccess,
    private readonly presenter: AggregatePresenter,
  ) {}

  /**
   * One append records the results and, for each failure of an item that raises findings, the
   * finding (InspectionFindingAdded); then each finding is raised on its own stream with event ids
   * derived from its InspectionFindingAdded, so a retry with the same Idempotency-Key completes a
   * raise the process did not get to, and never raises twice.
   */
  @Post(':id/results')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record checklist item results (逐项检查); each failed item that raises findings raises its finding in the same request' })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: InspectionViewDto, headers: CASE_VIEW_HEADERS })
  @ApiBadRequestResponse({ description: 'Invalid body or unknown fields' })
  @ApiForbiddenResponse({ description: 'Not an inspector or supervisor' })
  @ApiNotFoundResponse({ description: 'Unknown inspection or outside your units' })
  @ApiConflictResponse({ description: 'The inspection is closed, or has no checklist' })
  @ApiUnprocessableEntityResponse({ description: 'An unknown or already recorded item, a deduction out of range; `errors` names each' })
  async record(
    @Param('id') inspectionId: string,
    @Body() body: RecordItemResultsDto,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InspectionView & { revision: number }> {
    const decision: Decision<InspectionState> = (current, decideContext) => {
      const command = commandWithFindingIds(current.state, body, user, context);
      command.results.forEach((result, index) => {
        if (result.findingId === undefined) return;
        const raise = raiseOf(current.state, inspectionId, { itemId: result.itemId, findingId: result.findingId }, body);
        try {
          this.cases.commands.checkCreation(FINDINGS, raise, actorOf(user));
        } catch (error) {
          // The finding's fields (its 限期) came in this item's result: name them where the client sent them.
          if (!(error instanceof InvalidCommandError)) throw error;
          throw new InvalidCommandError(
            error.aggregate,
            error.command,
            error.issues.map((issue) => ({ ...issue, field: `results[${index}].${issue.field}` })),
          );
        }
      });
      return INSPECTIONS.decider.decide(current.state, command, decideContext);
    };
    const outcome = await this.cases.decide(INSPECTIONS, inspectionId, 'record-results', decision, user, context, body);
    // From what the request recorded, so that a replay under the same Idempotency-Key completes the raises too.
    for (const event of outcome.recorded) {
      const { findingId, itemId } = event.data;
      if (event.type !== 'InspectionFindingAdded' || typeof itemId !== 'string' || typeof findingId !== 'string') continue;
      const raise = raiseOf(outcome.state, inspectionId, { itemId, findingId }, body);
      await this.cases.commands.createOnce(FINDINGS, findingId, raise, commandRequestOf(user, context), event);
    }
    return this.presenter.present(INSPECTIONS, outcome, user, response);
  }
}

/**
 * The command, with a finding id for each failure of an item that raises findings: derived from
 * the Idempotency-Key when there is one, so a retry names the same findings. Items the checklist
 * lacks go to the decider as they are: it names them.
 */
function commandWithFindingIds(state: InspectionState, body: RecordItemResultsDto, user: AuthenticatedUser, context: RequestContext): RecordItemResults {
  const raising = new Set(
    state.context.checklist === null
      ? []
      : checklistItems(state.context.checklist)
          .filter((item) => item.raisesFinding)
          .map((item) => item.id),
  );
  const results = body.results.map(({ severity: _severity, dueAt: _dueAt, ...result }): ItemResultInput => {
    if (result.outcome !== 'fail' || !raising.has(result.itemId)) return result;
    return { ...result, findingId: context.idempotencyKey === undefined ? randomUUID() : keyedAggregateId(user.username, `${context.idempotencyKey}\n${result.itemId}`) };
  });
  return { type: 'record-results', results };
}

/** The finding a failed item raises: in the inspected unit, of the item's category, described by the item and the inspector's note. */
function raiseOf(state: InspectionState, inspectionId: string, result: { itemId: string; findingId: string }, body: RecordItemResultsDto): RaiseFinding {
  const item = checklistItems(state.context.checklist!).find((candidate) => candidate.id === result.itemId)!;
  const asked = body.results.find((candidate) => candidate.itemId === result.itemId);
  return {
    type: 'raise',
    findingId: result.findingId,
    source: { kind: 'inspection', inspectionId },
    unitId: state.context.unitId,
    category: item.category,
    description: asked?.note === undefined ? item.text : `${item.text}：${asked.note}`,
    severity: asked?.severity ?? 'minor',
    mode: 'deadline',
    ...(asked?.dueAt !== undefined && { dueAt: asked.dueAt }),
  };
}
