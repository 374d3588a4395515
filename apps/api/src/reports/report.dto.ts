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
  @ApiProperty({ enum: ['sla', 'complaints', 'rankings', 'rectification', 'outcomes', 'violations'] })
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
      "One per group: the group's columns (unitId and unitName, month, quarter, year, category, channel, as grouped), then the report's figures; each report has its own, " +
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

class NamedPeriodDto extends ReportPeriodDto {
  @ApiProperty({ example: '2026-Q3' })
  name!: string;
}

class SchemeWeightsDto {
  @ApiProperty({ example: 50 })
  inspection!: number;

  @ApiProperty({ example: 30 })
  complaints!: number;

  @ApiProperty({ example: 20 })
  onTime!: number;
}

class ScoreSchemeDto {
  @ApiProperty({ example: 'quarterly-service' })
  id!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ example: '网点服务质量季度考核' })
  name!: string;

  @ApiProperty({ enum: ['quarter', 'month', 'year'] })
  period!: string;

  @ApiProperty({ type: SchemeWeightsDto })
  weights!: SchemeWeightsDto;
}

class ScoredPartDto {
  @ApiProperty({ type: Number, nullable: true, description: 'What was measured: mean inspection score %, valid complaints per basis unit, or on-time %; null without data' })
  figure!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: "The part's score, 0–100" })
  score!: number | null;

  @ApiProperty()
  weight!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Points it brings: score × weight ÷ the weights of the parts that have data' })
  points!: number | null;
}

class ScoredPartsDto {
  @ApiProperty({ type: ScoredPartDto })
  inspection!: ScoredPartDto;

  @ApiProperty({ type: ScoredPartDto })
  complaints!: ScoredPartDto;

  @ApiProperty({ type: ScoredPartDto })
  onTime!: ScoredPartDto;
}

class ScorePenaltyDto {
  @ApiProperty({ description: 'Penalty points in force of violations decided in the period, at the unit of the employee penalised' })
  points!: number;

  @ApiProperty({ description: 'Score points deducted, capped by the scheme' })
  deducted!: number;
}

class UnitScoreDto {
  @ApiProperty({ type: Number, nullable: true, description: '1 for the best score; null when no part has data' })
  rank!: number | null;

  @ApiProperty({ example: 'anshan-daoxi-yys' })
  unitId!: string;

  @ApiProperty({ example: '道西支行营业室' })
  unitName!: string;

  @ApiProperty({ type: Number, nullable: true, example: 86.5 })
  score!: number | null;

  @ApiProperty({ enum: ['reward', 'circular'], nullable: true, description: 'Top 3 rewarded; bottom 2 named in the circular (通报)' })
  flag!: string | null;

  @ApiProperty({ type: ScoredPartsDto })
  parts!: ScoredPartsDto;

  @ApiProperty({ description: '投诉 judged the bank’s fault in the period' })
  validComplaints!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'What valid complaints were divided by: transactions of the period in 10,000s, or counters; null when the organisation file gives none',
  })
  basisFigure!: number | null;

  @ApiProperty({ type: ScorePenaltyDto })
  penalty!: ScorePenaltyDto;
}

/** GET /reports/scores: each unit of the level, best first, with the parts of its score. */
export class ScoreReportDto {
  @ApiProperty({ enum: ['scores'] })
  report!: string;

  @ApiProperty({ type: ReportUnitDto })
  unit!: ReportUnitDto;

  @ApiProperty({ enum: ['head_office', 'branch', 'sub_branch', 'outlet'] })
  level!: string;

  @ApiProperty({ type: NamedPeriodDto })
  period!: NamedPeriodDto;

  @ApiProperty({ type: ScoreSchemeDto, description: 'The scheme version the scores were computed with' })
  scheme!: ScoreSchemeDto;

  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ example: '42' })
  position!: string;

  @ApiProperty({ type: [UnitScoreDto] })
  rows!: UnitScoreDto[];
}

class CoverageRowDto {
  @ApiProperty({ enum: ['onsite', 'offsite', 'mystery_shopper', 'self', 'thematic', 'all'] })
  kind!: string;

  @ApiProperty()
  inspections!: number;

  @ApiProperty()
  inspectedUnits!: number;

  @ApiProperty()
  units!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'inspectedUnits ÷ units, in %' })
  coverage!: number | null;
}

/** GET /reports/coverage: how far the inspections of the period reached, by kind. */
export class CoverageReportDto {
  @ApiProperty({ enum: ['coverage'] })
  report!: string;

  @ApiProperty({ type: ReportUnitDto })
  unit!: ReportUnitDto;

  @ApiProperty({ enum: ['head_office', 'branch', 'sub_branch', 'outlet'] })
  level!: string;

  @ApiProperty({ type: ReportPeriodDto })
  period!: ReportPeriodDto;

  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ type: [CoverageRowDto] })
  rows!: CoverageRowDto[];
}
