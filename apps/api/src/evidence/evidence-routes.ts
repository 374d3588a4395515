import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, type StreamableFile, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { DEFAULT_ATTACHMENT_TYPES } from '@duban/attachments';
import type { AggregateType } from '@duban/cases';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import type { AttachEvidence } from '@duban/workflow';
import type { Request, Response } from 'express';
import type { AnyMachineSnapshot } from 'xstate';
import { AuditedRead } from '../audit/audit-read-recorder';
import { CASE_VIEW_HEADERS } from '../openapi/response-headers';
import { AggregatePresenter } from '../shared/aggregate-presenter';
import { IdempotencyKeyHeader } from '../shared/aggregate-routes';
import { CurrentRequest, type RequestContext } from '../shared/request-context';
import { EvidenceFiles } from './evidence-files';
import { EvidenceUploadQueryDto } from './evidence-upload-query.dto';

const BINARY = { type: 'string', format: 'binary' } as const;
const FILE_CONTENT = Object.fromEntries(DEFAULT_ATTACHMENT_TYPES.map((type) => [type, { schema: BINARY }]));

/** e.g. `attachEvidenceComplaint`, as the generated command routes name theirs. */
const operationId = (verb: string, kind: string): string => `${verb}Evidence${kind[0].toUpperCase()}${kind.slice(1)}`;

/**
 * Evidence on file (留存备查) of one case kind whose statechart has `attach-evidence`:
 * POST /<base>/:id/attachments (the body is the file) and GET /<base>/:id/attachments/:sha256.
 */
export function evidenceController<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
  aggregate: AggregateType<TState, TCommand | AttachEvidence>,
  basePath: string,
  view: Type,
): Type<unknown> {
  if (!aggregate.decider.commandTypes.includes('attach-evidence')) throw new Error(`${aggregate.kind} takes no evidence: its statechart has no attach-evidence`);

  @ApiTags(basePath)
  @ApiBearerAuth()
  @Controller(basePath)
  class EvidenceController {
    constructor(
      readonly evidence: EvidenceFiles,
      readonly presenter: AggregatePresenter,
    ) {}

    @Post(':id/attachments')
    @HttpCode(200)
    @ApiOperation({
      operationId: operationId('attach', aggregate.kind),
      summary: `File evidence on the ${aggregate.kind}: the body is the file, its Content-Type one of the allowed types`,
      description:
        `The body is the file itself (no multipart), e.g. \`curl --data-binary @letter.pdf -H "Content-Type: application/pdf" ".../${basePath}/{id}/attachments?fileName=投诉信函.pdf&evidenceKind=letter_scan&personalData=true"\`. ` +
        'Stored content-addressed by SHA-256; the same bytes on the same case are recorded once, so a retry records nothing twice. ' +
        'Allowed types and the size limit are configured (ATTACHMENT_TYPES, ATTACHMENT_MAX_BYTES); the first bytes must match the type.',
    })
    @ApiConsumes(...DEFAULT_ATTACHMENT_TYPES)
    @ApiBody({ required: true, schema: BINARY })
    @IdempotencyKeyHeader()
    @ApiOkResponse({ type: view, headers: CASE_VIEW_HEADERS, description: `The ${aggregate.kind}, the file listed in attachments` })
    @ApiForbiddenResponse({ description: 'Role not allowed' })
    @ApiNotFoundResponse({ description: 'Unknown or outside your units' })
    @ApiConflictResponse({ description: 'Not allowed in the current state (closed or withdrawn)' })
    @ApiPayloadTooLargeResponse({ description: 'Larger than ATTACHMENT_MAX_BYTES' })
    @ApiUnsupportedMediaTypeResponse({ description: 'A type not allowed, an empty file, or content that is not its type' })
    @ApiUnprocessableEntityResponse({
      description: "Marked as personal data after the customer's or the named employee's data was erased, or Idempotency-Key reused with another file",
    })
    async attach(
      @Param('id') id: string,
      @Query() query: EvidenceUploadQueryDto,
      @Req() request: Request,
      @CurrentUser() user: AuthenticatedUser,
      @CurrentRequest() context: RequestContext,
      @Res({ passthrough: true }) response: Response,
    ): Promise<unknown> {
      const outcome = await this.evidence.attach(aggregate, id, request, query, user, context);
      return this.presenter.present(aggregate, outcome, user, response);
    }

    @Get(':id/attachments/:sha256')
    @AuditedRead(aggregate.kind, 'attachment')
    @ApiOperation({
      operationId: operationId('download', aggregate.kind),
      summary: `Download a file on the ${aggregate.kind}, by its SHA-256; served only when the stored bytes still hash as recorded`,
    })
    @ApiProduces(...DEFAULT_ATTACHMENT_TYPES)
    @ApiOkResponse({
      description: 'The file, with its recorded Content-Type and an RFC 6266 Content-Disposition carrying its UTF-8 name',
      content: FILE_CONTENT,
      headers: {
        ETag: { description: 'The SHA-256, quoted; send it as If-None-Match', schema: { type: 'string' } },
        'Content-Disposition': { description: `attachment; filename="…"; filename*=UTF-8''…`, schema: { type: 'string' } },
      },
    })
    @ApiResponse({ status: 304, description: 'If-None-Match names the file: you have it' })
    @ApiNotFoundResponse({ description: 'Unknown case, outside your units, or no such file on it' })
    @ApiGoneResponse({ description: "Deleted when the customer's or the named employee's personal data was erased" })
    @ApiInternalServerErrorResponse({ description: 'The stored file is missing or no longer matches its hash: not served, logged for the operators' })
    download(
      @Param('id') id: string,
      @Param('sha256') sha256: string,
      @CurrentUser() user: AuthenticatedUser,
      @Req() request: Request,
      @Res({ passthrough: true }) response: Response,
    ): Promise<StreamableFile | undefined> {
      return this.evidence.download(aggregate, id, sha256, user, request, response);
    }
  }

  Object.defineProperty(EvidenceController, 'name', { value: `${aggregate.kind[0].toUpperCase()}${aggregate.kind.slice(1)}EvidenceController` });
  return EvidenceController;
}
