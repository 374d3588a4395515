import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Logger, Param, Post, Put, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ProblemException } from '@duban/http-problem';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { BEYOND_HORIZON_RULES, type Calendar } from '@duban/sla';
import { CalendarRecalculation, DEADLINE_SCHEDULING, EventSourcedSlaRules, type DeadlineScheduling } from '@duban/sla-enforcement';
import type { Response } from 'express';
import { commandRequestOf } from '../shared/case-access';
import { CurrentRequest, type RequestContext } from '../shared/request-context';
import { expectedVersionOf, IfMatchVersion, PublishesVersion, SlaRulesEditors, withVersionTag } from './sla-rules-editors';
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
    horizon: { type: 'string', format: 'date', description: 'Coverage horizon: the last day whose holidays and 调休 are known; due times past it are provisional' },
    beyondHorizon: {
      type: 'string',
      enum: [...BEYOND_HORIZON_RULES],
      description: 'Past the horizon: the statutory holidays mainland China fixes every year (with 补假, no 调休), or the plain workweek (default)',
    },
  },
};

/** As saved: with its id and version. */
const SAVED_CALENDAR_SCHEMA = {
  allOf: [CALENDAR_SCHEMA, { type: 'object', required: ['id', 'version'], properties: { id: { type: 'string' }, version: { type: 'integer' } } }],
};

@ApiTags('sla')
@ApiBearerAuth()
@Controller('calendars')
export class CalendarsController {
  private readonly logger = new Logger(CalendarsController.name);

  constructor(
    private readonly rules: EventSourcedSlaRules,
    private readonly editors: SlaRulesEditors,
    private readonly recalculation: CalendarRecalculation,
    @Inject(DEADLINE_SCHEDULING) private readonly scheduling: DeadlineScheduling,
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
    summary:
      'Publish a new version of a calendar, or a new calendar (head-office admins and supervisors); open clocks on it are recounted on the new version (ClockRecalculated with the old and new due time) and their jobs rescheduled',
  })
  @PublishesVersion('calendar', CALENDAR_SCHEMA, SAVED_CALENDAR_SCHEMA)
  async publish(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Calendar> {
    this.editors.assertMayEdit(user);
    const published = await this.rules.publishCalendar(id, body, commandRequestOf(user, context), expectedVersionOf(context.expectedRevision));
    await this.recalculateClocks(published);
    return withVersionTag(published, response);
  }

  @Post(':id/import')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'importCalendar',
    summary:
      'Import holidays and make-up working days from an iCalendar file; replaces the dates of the years it covers, moves the horizon to the end of the last, and recounts open clocks as publishing does',
  })
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
    const published = await this.rules.importIcs(id, body, commandRequestOf(user, context), expectedVersionOf(context.expectedRevision));
    await this.recalculateClocks(published);
    return withVersionTag(published, response);
  }

  /** Recounts the open clocks on the new version, then reschedules their jobs (a scheduling failure is left to the sweeper). */
  private async recalculateClocks(calendar: Calendar): Promise<void> {
    for (const { kind, caseId } of await this.recalculation.recalculate(calendar)) {
      await this.scheduling
        .clocksChanged(kind, caseId)
        .catch((error: unknown) => this.logger.warn(`Could not reschedule the deadlines of ${kind} ${caseId}; the sweeper will: ${String(error)}`));
    }
  }
}
