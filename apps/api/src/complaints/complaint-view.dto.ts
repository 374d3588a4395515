import { ApiProperty } from '@nestjs/swagger';
import { CASE_TYPES, COMPLAINT_CHANNELS, PRIORITIES } from '@duban/workflow';
import { EscalatableViewDto } from '../shared/aggregate-view.dto';

/** The customer as your role may see them (see the README, "Personal data"). */
class DisclosedCustomerDto {
  @ApiProperty({ type: String, nullable: true, example: '陈**', description: 'In full for handler, unit_head and supervisor; masked for other roles; null once erased' })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '138****0000' })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '110101********1234' })
  idNumber!: string | null;

  @ApiProperty({ description: 'True when the values are masked for your role' })
  masked!: boolean;

  @ApiProperty({ description: 'True once erased on a lawful request: every value is null for everyone' })
  erased!: boolean;
}

class CustomerErasureDto {
  @ApiProperty({ type: String, nullable: true, description: 'The destroyed key; null for a record from before sealing' })
  keyId!: string | null;

  @ApiProperty()
  reason!: string;

  @ApiProperty()
  requestReference!: string;

  @ApiProperty()
  actorId!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
}

/** OpenAPI shape of the complaint view (toComplaintView plus revision); the main fields. */
export class ComplaintViewDto extends EscalatableViewDto {
  @ApiProperty({ enum: ['complaint'] })
  kind!: 'complaint';

  @ApiProperty({ enum: CASE_TYPES })
  caseType!: string;

  @ApiProperty({ type: DisclosedCustomerDto })
  customer!: DisclosedCustomerDto;

  @ApiProperty({ type: CustomerErasureDto, nullable: true })
  customerErasure!: CustomerErasureDto | null;

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
