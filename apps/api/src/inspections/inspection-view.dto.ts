import { ApiProperty } from '@nestjs/swagger';
import { INSPECTION_KINDS } from '@duban/workflow';
import { AggregateViewDto } from '../shared/aggregate-view.dto';

/** OpenAPI shape of the inspection view (toInspectionView plus revision). */
export class InspectionViewDto extends AggregateViewDto {
  @ApiProperty({ enum: ['inspection'] })
  kind!: 'inspection';

  @ApiProperty({ enum: INSPECTION_KINDS })
  inspectionKind!: string;

  @ApiProperty()
  scope!: string;

  @ApiProperty({ type: [String] })
  findingIds!: string[];
}
