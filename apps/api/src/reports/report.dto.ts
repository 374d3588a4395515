import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class ReportUnitDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ example: '海城支行' })
  name!: string;
}

class ReportPeriodDto {
  @ApiProperty({ format: 'date-time', description: 'Inclusive' })
  from!: string;

  @ApiProperty({ format: 'date-time', description: 'Exclusive' })
  to!: string;
}

/** Every report's JSON answer; its rows and totals are the report's own figures (docs/read-models-and-reports.md). */
export class ReportDto {
  @ApiProperty({ enum: ['sla', 'complaints', 'rankings', 'rectification'] })
  report!: string;

  @ApiProperty({ type: ReportUnitDto, description: 'The unit the report covers, with its subtree' })
  unit!: ReportUnitDto;

  @ApiProperty({ type: ReportPeriodDto })
  period!: ReportPeriodDto;

  @ApiProperty({ type: [String], example: ['unit'] })
  groupBy!: string[];

  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ description: 'Global position the read models had reached: the report includes every event up to it', example: '42' })
  position!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      "One per group: the group's columns (unitId and unitName, month, category, channel, as grouped), then the report's figures; each report has its own, " +
      'so a row is an open object (what each report counts: docs/read-models-and-reports.md, Reports)',
    example: [
      {
        unitId: 'anshan-haicheng',
        unitName: '海城支行',
        received: 42,
        replied: 40,
        repliedOnTime: 38,
        breached: 2,
        pending: 2,
        withdrawn: 0,
        escalatedByLevel: { '1': 2 },
        medianReplyBusinessHours: 16.5,
        p90ReplyBusinessHours: 60,
        onTimeRate: 95,
      },
    ],
  })
  rows!: object[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The figures over every row (not for rankings)',
    example: { received: 42, replied: 40, onTimeRate: 95 },
  })
  totals?: object;
}
