import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import type { Moment } from '@duban/audit';
import { fieldValidationProblem } from '../shared/field-problems';
import { IsInstant } from '../shared/instant';

/** GET …/:id/state: exactly one of `at` and `revision`. */
export class PastStateQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The record as it stood at this instant (ISO 8601); clocks read at it' })
  @IsOptional()
  @IsInstant()
  at?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'The record as the event at this revision left it; clocks read at that event’s time' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  revision?: number;

  /** The pipe checks each field; whether the pair makes one moment is checked here, in the pipe's words. */
  moment(): Moment {
    const rule = 'exactlyOne';
    if (this.at !== undefined && this.revision !== undefined) {
      throw fieldValidationProblem([
        { field: 'at', rule, message: 'give either at or revision, not both' },
        { field: 'revision', rule, message: 'give either at or revision, not both' },
      ]);
    }
    if (this.at !== undefined) return { at: this.at };
    if (this.revision !== undefined) return { revision: this.revision };
    throw fieldValidationProblem([
      { field: 'at', rule, message: 'give at (an ISO 8601 instant) or revision (from 0)' },
      { field: 'revision', rule, message: 'give at (an ISO 8601 instant) or revision (from 0)' },
    ]);
  }
}
