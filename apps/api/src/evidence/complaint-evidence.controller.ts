import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, type StreamableFile } from '@nestjs/common';
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
import { COMPLAINTS } from '@duban/cases';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import type { Request, Response } from 'express';
import { AuditedRead } from '../audit/audit-read-recorder';
import { ComplaintViewDto } from '../complaints/complaint-view.dto';
import { CASE_VIEW_HEADERS } from '../openapi/response-headers';
import { AggregatePresenter } from '../shared/aggregate-presenter';
import { IdempotencyKeyHeader } from '../shared/aggregate-routes';
import { CurrentRequest, type RequestContext } from '../shared/request-context';
import { EvidenceFiles } from './evidence-files';
import { EvidenceUploadQueryDto } from './evidence-upload-query.dto';

const BINARY = { type: 'string', format: 'binary' } as const;
const FILE_CONTENT = Object.fromEntries(DEFAULT_ATTACHMENT_TYPES.map((type) => [type, { schema: BINARY }]));

/** Evidence on file (留存备查): letter scans, CCTV notes, photos and reply letters of a complaint. */
@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintEvidenceController {
  constructor(
    private readonly evidence: EvidenceFiles,
    private readonly presenter: AggregatePresenter,
  ) {}

  @Post(':id/attachments')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'attachEvidenceComplaint',
    summary: 'File evidence on the complaint: the body is the file, its Content-Type one of the allowed types',
    description:
      'The body is the file itself (no multipart), e.g. `curl --data-binary @letter.pdf -H "Content-Type: application/pdf" ".../attachments?fileName=投诉信函.pdf&evidenceKind=letter_scan&personalData=true"`. ' +
      'Stored content-addressed by SHA-256; the same bytes on the same case are recorded once, so a retry records nothing twice. ' +
      'Allowed types and the size limit are configured (ATTACHMENT_TYPES, ATTACHMENT_MAX_BYTES); the first bytes must match the type.',
  })
  @ApiConsumes(...DEFAULT_ATTACHMENT_TYPES)
  @ApiBody({ required: true, schema: BINARY })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: ComplaintViewDto, headers: CASE_VIEW_HEADERS, description: 'The complaint, the file listed in attachments' })
  @ApiForbiddenResponse({ description: 'Role not allowed' })
  @ApiNotFoundResponse({ description: 'Unknown or outside your units' })
  @ApiConflictResponse({ description: 'Not allowed in the current state (closed or withdrawn)' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than ATTACHMENT_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'A type not allowed, an empty file, or content that is not its type' })
  @ApiUnprocessableEntityResponse({ description: "Marked as personal data after the customer's data was erased, or Idempotency-Key reused with another file" })
  async attach(
    @Param('id') id: string,
    @Query() query: EvidenceUploadQueryDto,
    @Req() request: Request,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const outcome = await this.evidence.attach(COMPLAINTS, id, request, query, user, context);
    return this.presenter.present(COMPLAINTS, outcome, user, response);
  }

  @Get(':id/attachments/:sha256')
  @AuditedRead(COMPLAINTS.kind, 'attachment')
  @ApiOperation({
    operationId: 'downloadEvidenceComplaint',
    summary: 'Download a file on the complaint, by its SHA-256; served only when the stored bytes still hash as recorded',
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
  @ApiGoneResponse({ description: "Deleted when the customer's personal data was erased" })
  @ApiInternalServerErrorResponse({ description: 'The stored file is missing or no longer matches its hash: not served, logged for the operators' })
  download(
    @Param('id') id: string,
    @Param('sha256') sha256: string,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile | undefined> {
    return this.evidence.download(COMPLAINTS, id, sha256, user, request, response);
  }
}
