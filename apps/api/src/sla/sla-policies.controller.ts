import { Body, Controller, Get, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import type { PolicySet } from '@duban/sla';
import { EventSourcedSlaRules } from '@duban/sla-enforcement';
import type { Response } from 'express';
import { commandRequestOf } from '../shared/case-access';
import { CurrentRequest, type RequestContext } from '../shared/request-context';
import { expectedVersionOf, PublishesVersion, SlaRulesEditors } from './sla-rules-editors';
import { VERSION_HEADERS } from '../openapi/response-headers';

const POLICY_SET_SCHEMA = {
  type: 'object',
  description: 'A policy set (libs/sla/README.md, "Policies"); `version` is assigned on save',
  required: ['defaultCalendar', 'policies'],
  properties: { defaultCalendar: { type: 'string' }, description: { type: 'string' }, policies: { type: 'array', items: { type: 'object', additionalProperties: true } } },
};

/** As saved: with its version. */
const SAVED_POLICY_SET_SCHEMA = { allOf: [POLICY_SET_SCHEMA, { type: 'object', required: ['version'], properties: { version: { type: 'integer' } } }] };

@ApiTags('sla')
@ApiBearerAuth()
@Controller('sla/policies')
export class SlaPoliciesController {
  constructor(
    private readonly rules: EventSourcedSlaRules,
    private readonly editors: SlaRulesEditors,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getSlaPolicies', summary: 'The SLA policies new clocks are started with' })
  @ApiOkResponse({ schema: SAVED_POLICY_SET_SCHEMA, headers: VERSION_HEADERS })
  async current(@Res({ passthrough: true }) response: Response): Promise<PolicySet> {
    const { policySet } = await this.rules.current();
    response.setHeader('ETag', `"${policySet.version}"`);
    return policySet;
  }

  @Put()
  @ApiOperation({ operationId: 'publishSlaPolicies', summary: 'Publish a new version of the SLA policies (head-office admins and supervisors); running clocks keep theirs' })
  @PublishesVersion('policy set', POLICY_SET_SCHEMA, SAVED_POLICY_SET_SCHEMA)
  async publish(
    @Body() body: unknown,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PolicySet> {
    this.editors.assertMayEdit(user);
    const policySet = await this.rules.publishPolicySet(body, commandRequestOf(user, context), expectedVersionOf(context.expectedRevision));
    response.setHeader('ETag', `"${policySet.version}"`);
    return policySet;
  }
}
