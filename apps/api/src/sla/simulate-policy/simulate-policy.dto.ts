import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional } from 'class-validator';
import { ORG_LEVELS, type OrgLevel } from '@duban/identity';
import { IsInstant } from '../../shared/instant';

/** POST /sla/simulate: candidate rules and the cases to replay under them. */
export class SimulatePolicyDto {
  @Label('时限规则', 'policy set')
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The candidate policy set, as PUT /sla/policies takes it (`version` optional); validated field by field',
  })
  @IsObject()
  policySet!: Record<string, unknown>;

  @Label('工作日历', 'calendars')
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

  @Label('起始', 'from')
  @ApiProperty({ format: 'date-time', description: 'Cases received (findings: raised) at or after this instant' })
  @IsInstant()
  from!: string;

  @Label('截止', 'to')
  @ApiProperty({ format: 'date-time', description: '… and before this one (exclusive); at most 366 days after `from`' })
  @IsInstant()
  to!: string;

  @Label('分组', 'group by')
  @ApiPropertyOptional({ enum: ORG_LEVELS, description: "Also total per unit of this level, each case counted at its unit's ancestor there" })
  @IsOptional()
  @IsIn(ORG_LEVELS)
  groupBy?: OrgLevel;
}
