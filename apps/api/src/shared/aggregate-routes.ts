import { applyDecorators, Body, Controller, Get, HttpCode, Param, Post, Query, Res, type Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { pastStateOf } from '@duban/audit';
import { type AggregateType } from '@duban/cases';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import type { Response } from 'express';
import type { AnyMachineSnapshot } from 'xstate';
import { AuditedRead } from '../audit/audit-read-recorder';
import { CaseHistory } from '../audit/case-history';
import { PastStateMarkDto } from '../audit/past-state.dto';
import { PastStateQueryDto } from '../audit/past-state-query.dto';
import { CursorQueryDto } from '../queries/page-query.dto';
import { AggregatePresenter } from './aggregate-presenter';
import { CaseAccess } from './case-access';
import { assertEmptyBody } from './field-problems';
import { HistoryPageDto } from './history-entry.dto';
import { CORRELATION_ID_HEADER, CurrentRequest, IDEMPOTENCY_KEY_HEADER, type RequestContext } from './request-context';
import { CASE_VIEW_HEADERS } from '../openapi/response-headers';

/** A command's request body; it knows the workflow command it stands for. */
export interface CommandPayload<TCommand> {
  toCommand(): TCommand;
}

/** How one decider command is served at `POST /<base>/:id/<path>`. */
export type CommandRoute<TCommand> = { readonly path: string; readonly summary: string } & (
  | { readonly payload: Type<CommandPayload<TCommand>> }
  /** Commands without payload take an empty body. */
  | { readonly command: TCommand }
);

export interface AggregateRoutes<TState extends AnyMachineSnapshot, TCommand extends { type: string }> {
  readonly aggregate: AggregateType<TState, TCommand>;
  /** e.g. 'complaints' */
  readonly basePath: string;
  /** The aggregate's view class, for OpenAPI. */
  readonly view: Type;
  /** Every command of the decider except creations, which have their own use cases. */
  readonly commands: Readonly<Partial<Record<TCommand['type'], CommandRoute<TCommand>>>>;
}

export const IdempotencyKeyHeader = (): MethodDecorator =>
  ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: 'Same key and body again: same response, nothing recorded twice' });

const commandDocs = (route: CommandRoute<unknown>, operationId: string, view: Type): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary: route.summary, operationId }),
    'payload' in route ? ApiBody({ type: route.payload }) : ApiBody({ schema: { type: 'object', additionalProperties: false }, required: false }),
    ApiOkResponse({ type: view, headers: CASE_VIEW_HEADERS }),
    ApiHeader({ name: 'If-Match', required: false, description: 'The revision (ETag) you decided on; otherwise 412' }),
    IdempotencyKeyHeader(),
    ApiHeader({ name: CORRELATION_ID_HEADER, required: false }),
    ApiForbiddenResponse({ description: 'Role not allowed, or four-eyes rule' }),
    ApiNotFoundResponse({ description: 'Unknown or outside your units' }),
    ApiConflictResponse({ description: 'Not allowed in the current state; lists state and allowedCommands' }),
    ApiPreconditionFailedResponse({ description: 'If-Match is stale; carries currentRevision' }),
    ApiUnprocessableEntityResponse({ description: 'Payload breaks a workflow rule, or Idempotency-Key reused with another request' }),
  );

/**
 * One controller per aggregate, generated from its routes table: GET /:id, GET /:id/state (its
 * past), GET /:id/history and one POST /:id/<path> per decider command. Each command route is a
 * real route with its own payload class, so the global validation pipe and OpenAPI treat it
 * exactly; only the wiring is shared.
 */
export function aggregateController<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(routes: AggregateRoutes<TState, TCommand>): Type<unknown> {
  const { aggregate, basePath, view } = routes;

  @ApiTags(basePath)
  @ApiBearerAuth()
  @Controller(basePath)
  class AggregateController {
    constructor(
      readonly cases: CaseAccess,
      readonly presenter: AggregatePresenter,
      readonly histories: CaseHistory,
    ) {}

    @Get(':id')
    @AuditedRead(aggregate.kind, 'view')
    @ApiOperation({ operationId: `get${capitalised(aggregate.kind)}`, summary: `One ${aggregate.kind}, as the caller may act on it` })
    @ApiOkResponse({ type: view, headers: CASE_VIEW_HEADERS })
    @ApiNotFoundResponse({ description: 'Unknown or outside your units' })
    async get(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<unknown> {
      return this.presenter.present(aggregate, await this.cases.read(aggregate, id, user), user, response);
    }

    @Get(':id/state')
    @AuditedRead(aggregate.kind, 'state')
    @ApiOperation({
      operationId: `get${capitalised(aggregate.kind)}PastState`,
      summary: `The ${aggregate.kind} as it stood at ?at= (an instant) or ?revision= (after that event); nobody can act on it`,
    })
    @ApiExtraModels(PastStateMarkDto)
    @ApiOkResponse({ schema: { allOf: [{ $ref: getSchemaPath(view) }, { $ref: getSchemaPath(PastStateMarkDto) }] } })
    @ApiBadRequestResponse({ description: 'Neither or both of at and revision, or a malformed one; names the field' })
    @ApiNotFoundResponse({ description: 'Unknown or outside your units; or it did not exist yet at that instant, or has no such revision' })
    async state(@Param('id') id: string, @Query() query: PastStateQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<unknown> {
      const moment = query.moment();
      const loaded = await this.cases.read(aggregate, id, user);
      return this.presenter.presentPast(aggregate, id, pastStateOf(`${aggregate.kind} ${id}`, loaded.history, moment), {
        role: user.role,
        unitId: user.unitId,
        history: loaded.history,
      });
    }

    @Get(':id/history')
    @AuditedRead(aggregate.kind, 'history')
    @ApiOperation({
      operationId: `get${capitalised(aggregate.kind)}History`,
      summary: `Every event of the ${aggregate.kind}, oldest first, a page at a time → {items, nextCursor}`,
    })
    @ApiOkResponse({ type: HistoryPageDto })
    @ApiBadRequestResponse({ description: 'A bad limit or cursor; names the field' })
    @ApiNotFoundResponse({ description: 'Unknown or outside your units' })
    async history(@Param('id') id: string, @Query() query: CursorQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<HistoryPageDto> {
      const loaded = await this.cases.read(aggregate, id, user);
      return this.histories.page(aggregate.kind, id, loaded.history, query, { role: user.role, history: loaded.history });
    }
  }

  const entries = Object.entries(routes.commands) as [string, CommandRoute<TCommand>][];
  for (const [commandType, route] of entries) {
    if (!aggregate.decider.commandTypes.includes(commandType)) throw new Error(`${aggregate.kind} has no command ${commandType}`);
    defineCommandRoute(AggregateController, aggregate, commandType, route, view);
  }
  Object.defineProperty(AggregateController, 'name', { value: `${capitalised(aggregate.kind)}Controller` });
  return AggregateController;
}

const capitalised = (word: string): string => `${word[0].toUpperCase()}${word.slice(1)}`;

/** e.g. `addNoteComplaint` for the complaint's `add-note`: one readable id per generated route. */
function commandOperationId(commandType: string, kind: string): string {
  return `${commandType}-${kind}`.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

type CommandController = { cases: CaseAccess; presenter: AggregatePresenter };

function defineCommandRoute<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
  controller: Type<CommandController>,
  aggregate: AggregateType<TState, TCommand>,
  commandType: string,
  route: CommandRoute<TCommand>,
  view: Type,
): void {
  const prototype = controller.prototype as Record<string, unknown>;
  const method = route.path;
  async function handle(
    this: CommandController,
    id: string,
    body: CommandPayload<TCommand> | undefined,
    user: AuthenticatedUser,
    context: RequestContext,
    response: Response,
  ): Promise<unknown> {
    let command: TCommand;
    if ('payload' in route) command = body!.toCommand();
    else {
      assertEmptyBody(body);
      command = route.command;
    }
    const outcome = await this.cases.command(aggregate, id, command, user, context, body ?? {});
    return this.presenter.present(aggregate, outcome, user, response);
  }
  Object.defineProperty(prototype, method, { value: handle, writable: true, configurable: true });
  // What `@Body() body: Payload` would emit: the global validation pipe validates against it. Object skips validation.
  Reflect.defineMetadata('design:paramtypes', [String, 'payload' in route ? route.payload : Object, Object, Object, Object], prototype, method);
  Param('id')(prototype, method, 0);
  Body()(prototype, method, 1);
  CurrentUser()(prototype, method, 2);
  CurrentRequest()(prototype, method, 3);
  Res({ passthrough: true })(prototype, method, 4);
  const descriptor = Object.getOwnPropertyDescriptor(prototype, method)!;
  applyDecorators(Post(`:id/${route.path}`), HttpCode(200), commandDocs(route, commandOperationId(commandType, aggregate.kind), view))(prototype, method, descriptor);
}
