import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StreamAnchor, StreamVerification } from '@duban/store-integrity';

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

export class StreamVerificationDto {
  @ApiProperty({ description: 'Every event is chained and unchanged, and the head the newest checkpoint anchored is still there' })
  valid!: boolean;

  @ApiProperty({ description: 'Events in the stream' })
  events!: number;

  @ApiPropertyOptional({ description: 'Revision of the first event that is missing, unchained or does not match' })
  brokenAt?: number;

  @ApiPropertyOptional({ example: 'content does not match its hash' })
  reason?: string;

  @ApiPropertyOptional({ type: StreamAnchorDto })
  anchor?: StreamAnchorDto;

  static of({ valid, events, brokenAt, reason, anchor }: StreamVerification): StreamVerificationDto {
    return {
      valid,
      events,
      ...(brokenAt !== undefined && { brokenAt: Number(brokenAt), reason }),
      ...(anchor && { anchor: StreamAnchorDto.of(anchor) }),
    };
  }
}
