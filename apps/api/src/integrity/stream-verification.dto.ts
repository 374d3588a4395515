import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVIDENCE_KINDS } from '@duban/workflow';
import type { CaseVerification, EvidenceFileCheck, StreamAnchor } from '@duban/store-integrity';

/** Revisions are bigints in the store; a stream never gets near 2^53 events, so JSON numbers are exact. */
export class StreamAnchorDto {
  @ApiProperty({ description: 'Sequence number of the newest integrity checkpoint that anchors this stream' })
  checkpoint!: number;

  @ApiProperty({ description: 'The revision that checkpoint recorded as the stream head' })
  revision!: number;

  @ApiProperty({ description: 'The hash of that head event' })
  hash!: string;

  @ApiProperty({ description: "The checkpoint's Merkle root over every stream head it anchors" })
  merkleRoot!: string;

  @ApiProperty({ description: 'Index of this stream among the heads (sorted by stream name)' })
  leafIndex!: number;

  @ApiProperty({ description: 'How many heads the checkpoint anchors' })
  treeSize!: number;

  @ApiProperty({ type: [String], description: 'RFC 9162 inclusion proof of the head (leaf: canonical JSON of {stream, revision, hash})' })
  proof!: string[];

  static of(anchor: StreamAnchor): StreamAnchorDto {
    return { ...anchor, revision: Number(anchor.revision) };
  }
}

/** One file a case's events recorded, as found in the attachment store. */
export class EvidenceFileCheckDto {
  @ApiProperty({ description: 'The EvidenceAttached event that recorded it' })
  revision!: number;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the bytes as recorded; the id to download it by' })
  sha256!: string;

  @ApiProperty()
  size!: number;

  @ApiProperty({ example: 'application/pdf' })
  contentType!: string;

  @ApiProperty({ enum: EVIDENCE_KINDS })
  evidenceKind!: string;

  @ApiProperty()
  personalData!: boolean;

  @ApiProperty({
    enum: ['intact', 'erased', 'missing', 'mismatch'],
    description: 'intact: the stored bytes hash as recorded; erased: deleted with the customer’s personal data, as it should be; missing or mismatch: the record is broken',
  })
  status!: string;

  static of(check: EvidenceFileCheck): EvidenceFileCheckDto {
    return { ...check, revision: Number(check.revision) };
  }
}

export class StreamVerificationDto {
  @ApiProperty({
    description: 'Every event is chained and unchanged, the head the newest checkpoint anchored is still there, and every file the events recorded is intact (or erased)',
  })
  valid!: boolean;

  @ApiProperty({ description: 'Events in the stream' })
  events!: number;

  @ApiPropertyOptional({ description: 'Revision of the first event that is missing, unchained or does not match, or whose file is missing or changed' })
  brokenAt?: number;

  @ApiPropertyOptional({ example: 'content does not match its hash' })
  reason?: string;

  @ApiPropertyOptional({ type: StreamAnchorDto })
  anchor?: StreamAnchorDto;

  @ApiProperty({ type: [EvidenceFileCheckDto], description: 'Every file on the case (evidence), oldest first' })
  evidence!: EvidenceFileCheckDto[];

  static of({ valid, events, brokenAt, reason, anchor, evidence }: CaseVerification): StreamVerificationDto {
    return {
      valid,
      events,
      ...(brokenAt !== undefined && { brokenAt: Number(brokenAt), reason }),
      ...(anchor && { anchor: StreamAnchorDto.of(anchor) }),
      evidence: evidence.map((check) => EvidenceFileCheckDto.of(check)),
    };
  }
}
