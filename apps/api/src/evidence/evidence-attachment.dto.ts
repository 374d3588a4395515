import { ApiProperty } from '@nestjs/swagger';
import { EVIDENCE_KINDS } from '@duban/workflow';
import { RecordedFactDto } from '../shared/recorded-fact.dto';

/** A file on the case (留存备查); download it at GET /<cases>/{id}/attachments/{sha256}. */
export class EvidenceAttachmentDto extends RecordedFactDto {
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the bytes: the id to download it by' })
  sha256!: string;

  @ApiProperty({ description: 'Bytes' })
  size!: number;

  @ApiProperty({ example: 'application/pdf' })
  contentType!: string;

  @ApiProperty({ type: String, nullable: true, example: '投诉信函.pdf', description: "null once erased with the customer's personal data, or the named employee's" })
  fileName!: string | null;

  @ApiProperty({ enum: EVIDENCE_KINDS })
  evidenceKind!: string;

  @ApiProperty({ description: "Holds personal data (the customer's; on a violation or finding, the named employee's): deleted when that data is erased" })
  personalData!: boolean;

  @ApiProperty({ description: "Deleted with the customer's or the named employee's personal data; the hash and size remain on record" })
  erased!: boolean;
}
