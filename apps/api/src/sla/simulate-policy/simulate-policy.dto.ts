import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional } from 'class-validator';
import { ORG_LEVELS, type OrgLevel } from '@duban/identity';
import { IsInstant } from '../../shared/instant';

/** POST /sla/simulate: candidate rules and the cases to replay under them. */
export class SimulatePolicyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The candidate policy set, as PUT /sla/policies takes it (`version` optional); validated field by field',
  })
  @IsObject()
  policySet!: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Candidate calendars (each with its `id`), replacing the current calendar of that id; the others stay as they are',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  calendars?: Record<string, unknown>[];

  @ApiProperty({ format: 'date-time', description: 'Cases received (findings: raised) at or after this instant' })
  @IsInstant()
  from!: string;

  @ApiProperty({ format: 'date-time', description: '… and before this one (exclusive); at most 366 days after `from`' })
  @IsInstant()
  to!: string;

  @ApiPropertyOptional({ enum: ORG_LEVELS, description: "Also total per unit of this level, each case counted at its unit's ancestor there" })
  @IsOptional()
  @IsIn(ORG_LEVELS)
  groupBy?: OrgLevel;
}
