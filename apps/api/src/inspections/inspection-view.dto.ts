import { ApiProperty } from '@nestjs/swagger';
import { INSPECTION_KINDS, ITEM_OUTCOMES } from '@duban/workflow';
import { EvidenceAttachmentDto } from '../evidence/evidence-attachment.dto';
import { AggregateViewDto } from '../shared/aggregate-view.dto';
import { RecordedFactDto } from '../shared/recorded-fact.dto';

class InspectionClosureDto extends RecordedFactDto {
  @ApiProperty({ type: String, nullable: true })
  summary!: string | null;
}

class InspectionEvidenceDto extends EvidenceAttachmentDto {
  @ApiProperty({ type: String, nullable: true, example: 'one-metre-line', description: 'The checklist item result the file documents; null for the inspection as a whole' })
  itemId!: string | null;
}

class SelfInspectionReportDto extends RecordedFactDto {
  @ApiProperty({ description: '自查报告' })
  report!: string;
}

class ChecklistItemDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ description: 'Category of the finding a failure raises' })
  category!: string;

  @ApiProperty()
  raisesFinding!: boolean;
}

class ChecklistSectionDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: [ChecklistItemDto] })
  items!: ChecklistItemDto[];
}

class InspectionChecklistDto {
  @ApiProperty({ example: 'counter-service' })
  id!: string;

  @ApiProperty({ description: 'The template version the inspection was opened with' })
  version!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty({ required: false })
  source?: string;

  @ApiProperty({ type: [ChecklistSectionDto] })
  sections!: ChecklistSectionDto[];
}

class ItemResultViewDto {
  @ApiProperty()
  itemId!: string;

  @ApiProperty({ enum: ITEM_OUTCOMES })
  outcome!: string;

  @ApiProperty({ description: 'Points deducted; 0 unless failed' })
  deducted!: number;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The finding the failure raised' })
  findingId!: string | null;
}

class InspectionScoreDto {
  @ApiProperty({ description: 'Points of the items passed or failed, less deductions' })
  earned!: number;

  @ApiProperty({ description: 'Points of the items passed or failed' })
  possible!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'earned ÷ possible × 100, one decimal; null before an item is passed or failed' })
  percent!: number | null;

  @ApiProperty({ description: 'Items recorded, not applicable included' })
  recorded!: number;

  @ApiProperty({ description: 'Items of the checklist' })
  total!: number;
}

/** OpenAPI shape of the inspection view (toInspectionView plus revision). */
export class InspectionViewDto extends AggregateViewDto {
  @ApiProperty({ enum: ['inspection'] })
  kind!: 'inspection';

  @ApiProperty({ enum: INSPECTION_KINDS })
  inspectionKind!: string;

  @ApiProperty()
  scope!: string;

  @ApiProperty({ type: InspectionChecklistDto, nullable: true, description: 'The checklist version it is scored against; null for a free-scope inspection' })
  checklist!: InspectionChecklistDto | null;

  @ApiProperty({ type: [ItemResultViewDto], description: 'Item results in the order recorded' })
  results!: ItemResultViewDto[];

  @ApiProperty({ type: InspectionScoreDto, nullable: true, description: 'Computed from the results; null for a free-scope inspection' })
  score!: InspectionScoreDto | null;

  @ApiProperty({ type: [String] })
  findingIds!: string[];

  @ApiProperty({ type: [InspectionEvidenceDto], description: 'Evidence on file (监控调阅记录, 照片), oldest first; download at GET /inspections/{id}/attachments/{sha256}' })
  attachments!: InspectionEvidenceDto[];

  @ApiProperty({ description: 'Who opened it' })
  openedBy!: string;

  @ApiProperty({ type: String, nullable: true, description: 'A self-inspection (自查): the unit above it reports to, which closes it; null otherwise' })
  reportsTo!: string | null;

  @ApiProperty({ type: SelfInspectionReportDto, nullable: true, description: 'The self-inspection report once reported up; null before' })
  selfReport!: SelfInspectionReportDto | null;

  @ApiProperty({ type: InspectionClosureDto, nullable: true, description: 'Who closed it, when, with what summary; null while open' })
  closure!: InspectionClosureDto | null;
}
