import { ApiProperty } from '@nestjs/swagger';
import { StreamVerificationDto } from '../integrity/stream-verification.dto';
import { CASE_NUMBER_PROPERTY } from '../shared/aggregate-view.dto';
import { HistoryEntryDto } from '../shared/history-entry.dto';

class ReplayStepDto {
  @ApiProperty({ description: 'The event after which the view stood so' })
  revision!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The case's view as that event left it (clocks read at that moment), the customer as your role may see it",
  })
  view!: Record<string, unknown>;
}

/** Everything an auditor files about one case: its events, the view after each, and the proof of its chain. */
export class AuditPackDto {
  @ApiProperty({ enum: ['complaint', 'finding', 'violation', 'circular'] })
  kind!: string;

  @ApiProperty()
  id!: string;

  @ApiProperty(CASE_NUMBER_PROPERTY)
  number!: string | null;

  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ type: StreamVerificationDto, description: 'The proof of its chain, and every evidence file on the case with its check (evidence)' })
  verification!: StreamVerificationDto;

  @ApiProperty({ type: [HistoryEntryDto], description: 'Oldest first' })
  events!: HistoryEntryDto[];

  @ApiProperty({ type: [ReplayStepDto], description: 'The replay, step by step' })
  steps!: ReplayStepDto[];
}

export class AuditPackRangeDto {
  @ApiProperty({ format: 'date-time' })
  from!: string;

  @ApiProperty({ format: 'date-time' })
  to!: string;

  @ApiProperty({ type: [AuditPackDto], description: 'Oldest receipt first' })
  packs!: AuditPackDto[];
}
