import { ApiProperty } from '@nestjs/swagger';
import { CASE_TYPES, COMPLAINT_CHANNELS, PRIORITIES } from '@duban/workflow';
import { EscalatableViewDto } from '../shared/aggregate-view.dto';

/** OpenAPI shape of the complaint view (toComplaintView plus revision); the main fields. */
export class ComplaintViewDto extends EscalatableViewDto {
  @ApiProperty({ enum: ['complaint'] })
  kind!: 'complaint';

  @ApiProperty({ enum: CASE_TYPES })
  caseType!: string;

  @ApiProperty({ enum: COMPLAINT_CHANNELS })
  channel!: string;

  @ApiProperty()
  category!: string;

  @ApiProperty({ enum: PRIORITIES })
  priority!: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ type: [String], description: 'The rectification finding a valid reply opened' })
  linkedFindingIds!: string[];
}
