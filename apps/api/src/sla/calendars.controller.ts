import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ProblemException } from '@duban/http-problem';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import type { Calendar } from '@duban/sla';
import { EventSourcedSlaRules } from '@duban/sla-enforcement';
import type { Response } from 'express';
import { commandRequestOf } from '../shared/case-access';
import { CurrentRequest, type RequestContext } from '../shared/request-context';
import { expectedVersionOf, SlaRulesEditors } from './sla-rules-editors';
import { VERSION_HEADERS } from '../openapi/response-headers';

const CALENDAR_SCHEMA = {
  type: 'object',
  description: 'A business calendar (libs/sla/README.md); `id` and `version` come from the path and the store; other fields are refused',
  required: ['workweek', 'hours'],
  properties: {
    name: { type: 'string' },
    note: { type: 'string' },
    timezone: { type: 'string', example: 'Asia/Shanghai' },
    workweek: { type: 'array', items: { type: 'integer' }, example: [1, 2, 3, 4, 5] },
    hours: {
      type: 'array',
      items: { type: 'array', items: { type: 'string' } },
      example: [
        ['09:00', '12:00'],
        ['13:00', '17:00'],
      ],
    },
    holidays: { type: 'array', items: { type: 'string', format: 'date' } },
    workdays: { type: 'array', items: { type: 'string', format: 'date' }, description: 'Make-up working days (调休)' },
  },
};

/** As saved: with its id and version. */
const SAVED_CALENDAR_SCHEMA = {
  allOf: [CALENDAR_SCHEMA, { type: 'object', required: ['id', 'version'], properties: { id: { type: 'string' }, version: { type: 'integer' } } }],
};

const IfMatchVersion = (): MethodDecorator => ApiHeader({ name: 'If-Match', required: false, description: 'The version (ETag) you edited; otherwise 412' });

@ApiTags('sla')
@ApiBearerAuth()
@Controller('calendars')
export class CalendarsController {
  constructor(
    private readonly rules: EventSourcedSlaRules,
    private readonly editors: SlaRulesEditors,
  ) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getCalendar', summary: 'The current version of a business calendar' })
  @ApiOkResponse({ schema: SAVED_CALENDAR_SCHEMA, headers: VERSION_HEADERS })
  @ApiNotFoundResponse({ description: 'No such calendar' })
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<Calendar> {
    return withVersionTag(await this.rules.calendar(id), response);
  }

  @Put(':id')
  @ApiOperation({
    operationId: 'publishCalendar',
    summary: 'Publish a new version of a calendar, or a new calendar (head-office admins and supervisors); running clocks keep their due times',
  })
  @ApiBody({ schema: CALENDAR_SCHEMA })
  @IfMatchVersion()
  @ApiOkResponse({ schema: SAVED_CALENDAR_SCHEMA, headers: VERSION_HEADERS })
  @ApiForbiddenResponse({ description: 'Not a head-office admin or supervisor' })
  @ApiPreconditionFailedResponse({ description: 'If-Match is not the current version' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid calendar; `errors` names each field' })
  async publish(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Calendar> {
    this.editors.assertMayEdit(user);
    return withVersionTag(await this.rules.publishCalendar(id, body, commandRequestOf(user, context), expectedVersionOf(context.expectedRevision)), response);
  }

  @Post(':id/import')
  @HttpCode(200)
  @ApiOperation({ operationId: 'importCalendar', summary: 'Import holidays and make-up working days from an iCalendar file; replaces the dates of the years it covers' })
  @ApiConsumes('text/calendar')
  @ApiBody({ schema: { type: 'string', example: 'BEGIN:VCALENDAR…' } })
  @IfMatchVersion()
  @ApiOkResponse({ schema: SAVED_CALENDAR_SCHEMA, headers: VERSION_HEADERS })
  @ApiForbiddenResponse({ description: 'Not a head-office admin or supervisor' })
  @ApiNotFoundResponse({ description: 'No such calendar' })
  @ApiUnprocessableEntityResponse({ description: 'The file has timed or repeating events, or leaves an invalid calendar' })
  async importIcs(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Calendar> {
    this.editors.assertMayEdit(user);
    if (typeof body !== 'string') {
      throw ProblemException.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-media-type', {
        zh: '请以 .ics 文件为请求体，Content-Type 为 text/calendar。',
        en: 'Send the .ics file as the body, with Content-Type: text/calendar.',
      });
    }
    return withVersionTag(await this.rules.importIcs(id, body, commandRequestOf(user, context), expectedVersionOf(context.expectedRevision)), response);
  }
}

function withVersionTag(calendar: Calendar, response: Response): Calendar {
  response.setHeader('ETag', `"${calendar.version}"`);
  return calendar;
}
