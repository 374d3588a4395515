import { ApiProperty } from '@nestjs/swagger';
import { INSPECTION_KINDS } from '@duban/workflow';
import { AggregateViewDto } from '../shared/aggregate-view.dto';
import { RecordedFactDto } from '../shared/recorded-fact.dto';

class InspectionClosureDto extends RecordedFactDto {
  @ApiProperty({ type: String, nullable: true })
  summary!: string | null;
}

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

  @ApiProperty({ description: 'Who opened it' })
  openedBy!: string;

  @ApiProperty({ type: InspectionClosureDto, nullable: true, description: 'Who closed it, when, with what summary; null while open' })
  closure!: InspectionClosureDto | null;
}
