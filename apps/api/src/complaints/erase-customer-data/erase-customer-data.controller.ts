import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COMPLAINTS, type Decision } from '@duban/cases';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { ATTACHMENT_STORE, type AttachmentStore } from '@duban/attachments';
import { CUSTOMER_KEY_STORE, type CustomerKeyStore } from '@duban/personal-data';
import { COMPLAINT_ROLE_GATES, streamName, type ComplaintState, type EraseCustomerData } from '@duban/workflow';
import type { Response } from 'express';
import { IdempotencyKeyHeader } from '../../shared/aggregate-routes';
import { AggregatePresenter } from '../../shared/aggregate-presenter';
import { CaseAccess } from '../../shared/case-access';
import { CurrentRequest, type RequestContext } from '../../shared/request-context';
import { ComplaintViewDto } from '../complaint-view.dto';
import { EraseCustomerDataDto } from './erase-customer-data.dto';
import { CASE_VIEW_HEADERS } from '../../openapi/response-headers';

/**
 * The erasure once recorded is done as far as the record goes: deciding it again records nothing
 * (for those allowed to ask), so a retry after a crash between the two steps only destroys the key.
 */
function erasureDecision(command: EraseCustomerData): Decision<ComplaintState> {
  return (current, context) => {
    const alreadyRecorded = current.state.context.customerErasure !== null;
    if (alreadyRecorded && COMPLAINT_ROLE_GATES['erase-customer-data'].includes(context.actor.role)) return [];
    return COMPLAINTS.decider.decide(current.state, command, context);
  };
}

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class EraseCustomerDataController {
  constructor(
    private readonly cases: CaseAccess,
    private readonly presenter: AggregatePresenter,
    @Inject(CUSTOMER_KEY_STORE) private readonly keys: CustomerKeyStore,
    @Inject(ATTACHMENT_STORE) private readonly attachments: AttachmentStore,
  ) {}

  @Post(':id/customer/erasure')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'eraseComplaintCustomerData',
    summary: "Erase the customer's personal data on a lawful request (admin): records CustomerDataErased, then destroys the customer's key and the files marked as personal data",
    description:
      'Crypto-shredding: the sealed name, phone and ID number stay in the hash-chained events but can never be opened again, in this case and in every other case of the same customer. ' +
      'The evidence files of this case marked as holding personal data are deleted; their events keep hash, size, type and kind, and the view withholds their names. The case keeps working; everyone sees the erased marker. Safe to retry.',
  })
  @IdempotencyKeyHeader()
  @ApiOkResponse({ type: ComplaintViewDto, headers: CASE_VIEW_HEADERS })
  @ApiBadRequestResponse({ description: 'reason or requestReference missing or too long' })
  @ApiForbiddenResponse({ description: 'Only an admin may erase' })
  @ApiNotFoundResponse({ description: 'Unknown or outside your units' })
  @ApiConflictResponse({ description: 'Not registered' })
  async erase(
    @Param('id') id: string,
    @Body() body: EraseCustomerDataDto,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const outcome = await this.cases.decide(COMPLAINTS, id, 'eraseCustomerData', erasureDecision(body.toCommand()), user, context, body);
    const keyId = outcome.state.context.customerErasure?.keyId;
    // After the fact is recorded: a crash in between leaves a recorded erasure that every view honours and a retry completes.
    if (keyId) await this.keys.destroy(keyId);
    const scope = streamName(COMPLAINTS.kind, id);
    for (const attachment of outcome.state.context.attachments.filter((file) => file.personalData)) await this.attachments.delete(scope, attachment.sha256);
    return this.presenter.present(COMPLAINTS, outcome, user, response);
  }
}
