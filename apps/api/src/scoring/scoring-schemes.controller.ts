import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { COMPLAINT_BASES, SCORE_PARTS, SCORING_PERIODS, type ScoringScheme } from '@duban/reporting';
import { VERSION_HEADERS } from '../openapi/response-headers';
import { commandRequestOf } from '../shared/case-access';
import { CurrentRequest, type RequestContext } from '../shared/request-context';
import { expectedVersionOf, PublishesVersion, SlaRulesEditors, withVersionTag } from '../sla/sla-rules-editors';
import { ScoringSchemes } from './scoring-schemes';

const number = (description: string, example: number) => ({ type: 'number', minimum: 0, description, example });

const SCHEME_SCHEMA = {
  type: 'object',
  description:
    'A scoring scheme (考核办法): parts scored 0–100 and weighted, then penalties deducted; `id` and `version` come from the path and the store; other fields are refused',
  required: ['name', 'weights', 'complaints', 'penalties'],
  properties: {
    name: { type: 'string', example: '网点服务质量季度考核' },
    period: { type: 'string', enum: [...SCORING_PERIODS], default: 'quarter', description: 'The period a score is made for' },
    weights: {
      type: 'object',
      description: 'Points each part is worth; they add up to 100. A part without data gives its weight to the others',
      required: [...SCORE_PARTS],
      properties: {
        inspection: number('Mean score % of the inspections in the period', 50),
        complaints: number('Valid complaints against the unit figure (transactions or counters)', 30),
        onTime: number('SLA on-time rate of replies', 20),
      },
    },
    complaints: {
      type: 'object',
      required: ['basis', 'fullMarksAtOrBelow', 'zeroAtOrAbove'],
      properties: {
        basis: {
          type: 'string',
          enum: [...COMPLAINT_BASES],
          description: 'Valid complaints per 10,000 transactions of the period, or per counter (the organisation file gives both)',
        },
        fullMarksAtOrBelow: number('The part scores 100 at or below this rate', 0.2),
        zeroAtOrAbove: number('…and 0 at or above this one, linearly between', 2),
      },
    },
    penalties: {
      type: 'object',
      required: ['perPenaltyPoint', 'maxDeduction'],
      properties: {
        perPenaltyPoint: number('Score points deducted per penalty point of violations in the period', 1),
        maxDeduction: number('At most this many points deducted', 10),
      },
    },
  },
};

/** As saved: with its id and version. */
const SAVED_SCHEME_SCHEMA = {
  allOf: [SCHEME_SCHEMA, { type: 'object', required: ['id', 'version', 'period'], properties: { id: { type: 'string' }, version: { type: 'integer' } } }],
};

@ApiTags('reports')
@ApiBearerAuth()
@Controller('scoring/schemes')
export class ScoringSchemesController {
  constructor(
    private readonly schemes: ScoringSchemes,
    private readonly editors: SlaRulesEditors,
  ) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getScoringScheme', summary: 'The current version of a scoring scheme: what a unit is scored on and by how much' })
  @ApiOkResponse({ schema: SAVED_SCHEME_SCHEMA, headers: VERSION_HEADERS })
  @ApiNotFoundResponse({ description: 'No such scoring scheme' })
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<ScoringScheme> {
    return withVersionTag(await this.schemes.current(id), response);
  }

  @Put(':id')
  @ApiOperation({
    operationId: 'publishScoringScheme',
    summary: 'Publish a new version of a scoring scheme, or a new scheme (head-office admins and supervisors); scores are computed with the current version',
  })
  @PublishesVersion('scheme', SCHEME_SCHEMA, SAVED_SCHEME_SCHEMA)
  async publish(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ScoringScheme> {
    this.editors.assertMayEdit(user, { zh: '考核办法', en: 'scoring schemes' });
    return withVersionTag(await this.schemes.publish(id, body, commandRequestOf(user, context), expectedVersionOf(context.expectedRevision)), response);
  }
}
