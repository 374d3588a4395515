import { applyDecorators, Body, Controller, HttpCode, Param, Post, Res, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { type CaseKind } from '@duban/sla';
import { CASE_AGGREGATES, decideClockCommand, EventSourcedSlaRules, type ClockCommand } from '@duban/sla-enforcement';
import type { Response } from 'express';
import { AggregatePresenter } from '../../shared/aggregate-presenter';
import { IdempotencyKeyHeader } from '../../shared/aggregate-routes';
import { CaseAccess } from '../../shared/case-access';
import { assertEmptyBody } from '../../shared/field-problems';
import { CORRELATION_ID_HEADER, CurrentRequest, type RequestContext } from '../../shared/request-context';
import { ExtendClockDto, PauseClockDto, ResetClockDto } from './clock-command.dtos';
import { CASE_VIEW_HEADERS } from '../../openapi/response-headers';

const clockCommandRoute = (path: ClockCommand['type'], summary: string, view: Type, kind: CaseKind): MethodDecorator =>
  applyDecorators(
    Post(path),
    HttpCode(200),
    // e.g. pauseComplaintClock
    ApiOperation({ operationId: `${path}${kind[0].toUpperCase()}${kind.slice(1)}Clock`, summary }),
    ApiOkResponse({ type: view, headers: CASE_VIEW_HEADERS }),
    ApiHeader({ name: 'If-Match', required: false, description: 'The revision (ETag) you decided on; otherwise 412' }),
    IdempotencyKeyHeader(),
    ApiHeader({ name: CORRELATION_ID_HEADER, required: false }),
    ApiForbiddenResponse({ description: 'Role may not, or (extend) your unit is not above the unit responsible for the case' }),
    ApiNotFoundResponse({ description: 'Unknown case or clock, or outside your units' }),
    ApiConflictResponse({ description: "Not possible in the clock's state (stopped, breached, overdue, no extension left)" }),
    ApiPreconditionFailedResponse({ description: 'If-Match is stale' }),
    ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused, or an extension duration the policy does not grant' }),
  );

/**
 * `POST /<basePath>/:id/clocks/:clockId/{pause,resume,extend,reset}` for one kind of case: clock
 * commands through the same command handler as the workflow's (idempotency, If-Match, metadata,
 * problem+json), answered with the case view.
 */
export function clockCommandController(kind: CaseKind, basePath: string, view: Type): Type<unknown> {
  const aggregate = CASE_AGGREGATES[kind];

  @ApiTags(basePath)
  @ApiBearerAuth()
  @Controller(`${basePath}/:id/clocks/:clockId`)
  class ClockCommandController {
    constructor(
      private readonly cases: CaseAccess,
      private readonly presenter: AggregatePresenter,
      private readonly rules: EventSourcedSlaRules,
    ) {}

    @clockCommandRoute('pause', 'Pause the clock: time awaiting the customer or an external appraisal does not count', view, kind)
    @ApiBody({ type: PauseClockDto })
    pause(
      @Param('id') id: string,
      @Param('clockId') clockId: string,
      @Body() body: PauseClockDto,
      @CurrentUser() user: AuthenticatedUser,
      @CurrentRequest() context: RequestContext,
      @Res({ passthrough: true }) response: Response,
    ): Promise<unknown> {
      return this.run(id, body.toCommand(clockId), body, user, context, response);
    }

    @clockCommandRoute('resume', 'Resume the paused clock; its due time moves by the paused time as its basis counts', view, kind)
    @ApiBody({ schema: { type: 'object', additionalProperties: false }, required: false })
    resume(
      @Param('id') id: string,
      @Param('clockId') clockId: string,
      @Body() body: unknown,
      @CurrentUser() user: AuthenticatedUser,
      @CurrentRequest() context: RequestContext,
      @Res({ passthrough: true }) response: Response,
    ): Promise<unknown> {
      assertEmptyBody(body);
      return this.run(id, { type: 'resume', clockId }, body ?? {}, user, context, response);
    }

    @clockCommandRoute('extend', "Extend the clock to its policy's next total, approved by the caller for a higher unit, the customer notified", view, kind)
    @ApiBody({ type: ExtendClockDto })
    extend(
      @Param('id') id: string,
      @Param('clockId') clockId: string,
      @Body() body: ExtendClockDto,
      @CurrentUser() user: AuthenticatedUser,
      @CurrentRequest() context: RequestContext,
      @Res({ passthrough: true }) response: Response,
    ): Promise<unknown> {
      return this.run(id, body.toCommand(clockId), body, user, context, response);
    }

    @clockCommandRoute('reset', 'Reset the clock on new facts: it counts its own duration again from now', view, kind)
    @ApiBody({ type: ResetClockDto })
    reset(
      @Param('id') id: string,
      @Param('clockId') clockId: string,
      @Body() body: ResetClockDto,
      @CurrentUser() user: AuthenticatedUser,
      @CurrentRequest() context: RequestContext,
      @Res({ passthrough: true }) response: Response,
    ): Promise<unknown> {
      return this.run(id, body.toCommand(clockId), body, user, context, response);
    }

    private async run(id: string, command: ClockCommand, body: unknown, user: AuthenticatedUser, context: RequestContext, response: Response): Promise<unknown> {
      const rules = await this.rules.current();
      const outcome = await this.cases.decide(
        aggregate,
        id,
        `clock.${command.type}`,
        (current, decideContext) => decideClockCommand(kind, current, command, decideContext, rules),
        user,
        context,
        body,
      );
      return this.presenter.present(aggregate, outcome, user, response);
    }
  }

  Object.defineProperty(ClockCommandController, 'name', { value: `${kind[0].toUpperCase()}${kind.slice(1)}ClockController` });
  return ClockCommandController;
}
