import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { dueAt, isProvisional } from '@duban/sla';
import { EventSourcedSlaRules } from '@duban/sla-enforcement';
import { CalendarDueDto, CalendarDueQueryDto } from './calendar-due.query';

/** The deadline calculator handlers use before promising a customer a date. Writes nothing. */
@ApiTags('sla')
@ApiBearerAuth()
@Controller('calendars')
export class CalendarDueController {
  constructor(private readonly rules: EventSourcedSlaRules) {}

  @Get(':id/due')
  @ApiOperation({
    summary:
      "When a duration counted from an instant runs out on a calendar's current version, e.g. 3 working days from receipt; `provisional` when it rests on days past the calendar's horizon",
  })
  @ApiOkResponse({ type: CalendarDueDto })
  @ApiBadRequestResponse({ description: '`from` is not an instant with its offset, or `basis` is unknown; `errors` names each field' })
  @ApiNotFoundResponse({ description: 'No such calendar' })
  @ApiUnprocessableEntityResponse({ description: '`duration` is not one the basis counts (e.g. hours on working days); `errors` names it' })
  async due(@Param('id') id: string, @Query() query: CalendarDueQueryDto): Promise<CalendarDueDto> {
    const calendar = await this.rules.calendar(id);
    const due = dueAt(new Date(query.from), query.duration, query.basis, calendar);
    return { dueAt: due.toISOString(), provisional: isProvisional(due.getTime(), query.basis, calendar), calendarVersion: calendar.version };
  }
}
