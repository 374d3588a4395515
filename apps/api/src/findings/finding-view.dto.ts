import { ApiProperty } from '@nestjs/swagger';
import { RECTIFICATION_MODES, SEVERITIES } from '@duban/workflow';
import { EscalatableViewDto } from '../shared/aggregate-view.dto';

/** OpenAPI shape of the finding view (toFindingView plus revision); the main fields. */
export class FindingViewDto extends EscalatableViewDto {
  @ApiProperty({ enum: ['finding'] })
  kind!: 'finding';

  @ApiProperty()
  category!: string;

  @ApiProperty({ enum: SEVERITIES })
  severity!: string;

  @ApiProperty({ enum: RECTIFICATION_MODES })
  mode!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Set when raised from an inspection' })
  inspectionId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Set when opened by a valid complaint reply' })
  complaintId!: string | null;

  @ApiProperty({ description: 'Failed re-inspections so far' })
  carryOverCount!: number;
}
