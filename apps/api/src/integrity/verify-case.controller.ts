import { applyDecorators, Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COMPLAINTS, FINDINGS, type AggregateType } from '@duban/cases';
import { streamName } from '@duban/workflow';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { ATTACHMENT_STORE, type AttachmentStore } from '@duban/attachments';
import { verifyCaseRecord } from '@duban/store-integrity';
import type { AnyMachineSnapshot } from 'xstate';
import { AuditedRead } from '../audit/audit-read-recorder';
import { EmployeeErasures } from '../staff/employee-erasures';
import { CaseAccess, notFound } from '../shared/case-access';
import { StreamVerificationDto } from './stream-verification.dto';

const VerifyRoute = (kind: string, path: string, operationId: string): MethodDecorator =>
  applyDecorators(
    Get(path),
    AuditedRead(kind, 'verify'),
    ApiOperation({ operationId, summary: 'Prove the case history untampered: its hash chain, its newest checkpoint anchor and every evidence file its events recorded' }),
    ApiOkResponse({ type: StreamVerificationDto }),
    ApiNotFoundResponse({ description: 'Unknown or outside your units' }),
  );

/** Tamper evidence of one case, for whoever may read the case; it changes nothing (an auditor's read is logged, as every audit read). */
@ApiTags('integrity')
@ApiBearerAuth()
@Controller()
export class VerifyCaseController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cases: CaseAccess,
    @Inject(ATTACHMENT_STORE) private readonly attachments: AttachmentStore,
    private readonly erasures: EmployeeErasures,
  ) {}

  @VerifyRoute(COMPLAINTS.kind, 'complaints/:id/verify', 'verifyComplaintHistory')
  verifyComplaint(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<StreamVerificationDto> {
    return this.verify(COMPLAINTS, id, user);
  }

  @VerifyRoute(FINDINGS.kind, 'findings/:id/verify', 'verifyFindingHistory')
  verifyFinding(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<StreamVerificationDto> {
    return this.verify(FINDINGS, id, user);
  }

  private async verify(aggregate: AggregateType<AnyMachineSnapshot, { type: string }>, id: string, user: AuthenticatedUser): Promise<StreamVerificationDto> {
    const verification = await verifyCaseRecord(this.store, this.attachments, streamName(aggregate.kind, id), (events) => this.erasures.namedEmployeeErasedIn(events));
    if (verification.events === 0) throw notFound(aggregate.kind, id);
    await this.cases.assertReadable(aggregate, id, user);
    return StreamVerificationDto.of(verification);
  }
}
