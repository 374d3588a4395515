import { ApiProperty } from '@nestjs/swagger';

class AsOfDto {
  @ApiProperty({ description: 'The last event the view includes' })
  revision!: number;

  @ApiProperty({ description: "That event's position in the global log", example: '42' })
  position!: string;

  @ApiProperty({ format: 'date-time', description: 'When that event happened' })
  occurredAt!: string;

  @ApiProperty({ format: 'date-time', description: 'The instant the clocks are read at: ?at=, or the event’s time for ?revision=' })
  clocksReadAt!: string;
}

/** What GET …/:id/state adds to the aggregate's view; its allowedCommands are always empty. */
export class PastStateMarkDto {
  @ApiProperty({ type: AsOfDto, description: 'The moment of the past this view shows; its allowedCommands are empty, since nobody can act on the past' })
  asOf!: AsOfDto;
}
