import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CLOCK, type Clock } from '@duban/command-handling';
import { COMPLAINTS } from '@duban/cases';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { CUSTOMER_KEY_STORE, type CustomerKeyStore } from '@duban/personal-data';
import type { ComplaintView } from '@duban/workflow';
import type { Response } from 'express';
import { IdempotencyKeyHeader } from '../../shared/aggregate-routes';
import { CaseAccess } from '../../shared/case-access';
import { AggregatePresenter } from '../../shared/aggregate-presenter';
import { newAggregateId } from '../../shared/creation';
import { CurrentRequest, type RequestContext } from '../../shared/request-context';
import { ComplaintViewDto } from '../complaint-view.dto';
import { RegisterComplaintDto } from './register-complaint.dto';
import { CREATED_CASE_HEADERS } from '../../openapi/response-headers';

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class RegisterComplaintController {
  constructor(
    private readonly cases: CaseAccess,
    private readonly presenter: AggregatePresenter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CUSTOMER_KEY_STORE) private readonly customerKeys: CustomerKeyStore,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'registerComplaint', summary: 'Register a complaint, investigation request, suggestion or praise (受理)' })
  @IdempotencyKeyHeader()
  @ApiCreatedResponse({ type: ComplaintViewDto, headers: CREATED_CASE_HEADERS })
  @ApiBadRequestResponse({ description: 'Invalid body, unknown fields or unknown category; names each field' })
  @ApiForbiddenResponse({ description: 'Role may not register, or unit outside your subtree' })
  @ApiUnprocessableEntityResponse({ description: 'receivedAt in the future, unknown unit, no customer outside the comment book, or Idempotency-Key reused' })
  async register(
    @Body() body: RegisterComplaintDto,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ComplaintView & { revision: number }> {
    this.cases.assertMayOpenIn(user, body.unitId);
    const id = newAggregateId(user, context);
    // The Idempotency-Key's request hash is stored with the events: it must not let anyone confirm a guessed customer.
    const { customer } = body;
    // Still a RegisterComplaintDto (the hash reads own fields only), so a 422 names the fields by its labels.
    const fingerprinted =
      customer === undefined
        ? body
        : Object.assign(Object.create(RegisterComplaintDto.prototype) as object, body, {
            customer: this.customerKeys.fingerprint(JSON.stringify([customer.name, customer.phone ?? null, customer.idNumber ?? null])),
          });
    const outcome = await this.cases.create(COMPLAINTS, id, body.toCommand(id, this.clock.now()), user, context, fingerprinted);
    return this.presenter.presentCreated(COMPLAINTS, outcome, user, response, `/complaints/${id}`);
  }
}
