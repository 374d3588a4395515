import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import type { Moment } from '@duban/audit';
import { Label } from '@duban/http-problem';
import { fieldValidationProblem, violationOf } from '../shared/field-problems';
import { IsInstant } from '../shared/instant';

const BOTH = { zh: '「时刻」与「版本」只能给出其一', en: 'give either "instant" or "revision", not both' };
const NEITHER = { zh: '请给出「时刻」（ISO 8601 时刻）或「版本」（从 0 起）', en: 'give "instant" (an ISO 8601 instant) or "revision" (from 0)' };

/** GET …/:id/state: exactly one of `at` and `revision`. */
export class PastStateQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The record as it stood at this instant (ISO 8601); clocks read at it' })
  @Label('时刻', 'instant')
  @IsOptional()
  @IsInstant()
  at?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'The record as the event at this revision left it; clocks read at that event’s time' })
  @Label('版本', 'revision')
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  revision?: number;

  /** The pipe checks each field; whether the pair makes one moment is checked here, in the pipe's words. */
  moment(): Moment {
    const rule = 'exactlyOne';
    if (this.at !== undefined && this.revision !== undefined) {
      throw fieldValidationProblem([violationOf(this, 'at', rule, BOTH), violationOf(this, 'revision', rule, BOTH)]);
    }
    if (this.at !== undefined) return { at: this.at };
    if (this.revision !== undefined) return { revision: this.revision };
    throw fieldValidationProblem([violationOf(this, 'at', rule, NEITHER), violationOf(this, 'revision', rule, NEITHER)]);
  }
}
