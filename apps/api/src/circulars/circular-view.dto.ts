import { ApiProperty } from '@nestjs/swagger';
import { CIRCULAR_KINDS, CIRCULAR_SOURCE_KINDS } from '@duban/workflow';
import { EvidenceAttachmentDto } from '../evidence/evidence-attachment.dto';
import { AggregateViewDto } from '../shared/aggregate-view.dto';
import { RecordedFactDto } from '../shared/recorded-fact.dto';

class CircularSourceViewDto {
  @ApiProperty({ enum: CIRCULAR_SOURCE_KINDS })
  kind!: string;

  @ApiProperty({ example: '/reports/scores?period=2026-Q3&unitId=anshan&level=outlet' })
  reference!: string;

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Its rows as they stood when drafted' })
  rows!: object[];
}

/** 签收: a member of staff of a recipient unit acknowledged the circular. */
class CircularReceiptDto extends RecordedFactDto {
  @ApiProperty({ example: 'anshan-tiedong' })
  unitId!: string;
}

class CircularWithdrawalDto extends RecordedFactDto {
  @ApiProperty()
  reason!: string;
}

/** A circular (通报), deadline notice (限期整改通知) or briefing (简报). */
export class CircularViewDto extends AggregateViewDto {
  @ApiProperty({ enum: ['circular'] })
  kind!: string;

  @ApiProperty({ enum: ['draft', 'issued', 'withdrawn'] })
  declare state: string;

  @ApiProperty({ enum: CIRCULAR_KINDS, description: 'circular 通报, deadline_notice 限期整改通知, briefing 简报' })
  circularKind!: string;

  @ApiProperty({ example: '关于三季度服务检查后两名网点的通报' })
  title!: string;

  @ApiProperty()
  content!: string;

  @ApiProperty({ type: [String], description: 'Recipient units; they see the circular once it is issued' })
  recipientUnitIds!: string[];

  @ApiProperty({ type: [String], description: 'Recipient units that have not acknowledged it yet' })
  awaitingUnitIds!: string[];

  @ApiProperty({ type: CircularSourceViewDto, nullable: true, description: 'The ranking or report it was drafted from' })
  source!: CircularSourceViewDto | null;

  @ApiProperty({ type: String, nullable: true, description: 'The withdrawn circular this one corrects (更正)' })
  correctsId!: string | null;

  @ApiProperty({ example: 'supervisor.anshan' })
  draftedBy!: string;

  @ApiProperty({ type: [EvidenceAttachmentDto], description: 'Files issued with it; download at GET /circulars/{id}/attachments/{sha256}' })
  attachments!: EvidenceAttachmentDto[];

  @ApiProperty({ type: RecordedFactDto, nullable: true, description: 'Who issued it, and when; null while a draft' })
  issue!: RecordedFactDto | null;

  @ApiProperty({ type: [CircularReceiptDto], description: 'Read receipts (签收), one per recipient unit at most, in the order given' })
  receipts!: CircularReceiptDto[];

  @ApiProperty({ type: CircularWithdrawalDto, nullable: true })
  withdrawal!: CircularWithdrawalDto | null;
}
