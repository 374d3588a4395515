import { Label } from '@duban/http-problem';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVIDENCE_KINDS, type EvidenceKind } from '@duban/workflow';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** What the upload says about its bytes; the bytes are the body, their type its Content-Type. */
export class EvidenceUploadQueryDto {
  @ApiProperty({ example: '投诉信函.pdf', maxLength: 255, description: 'The name to download it under; name it by what it is, not by the customer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @Matches(/^[^/\\\p{Cc}]+$/u, { message: 'fileName must be a plain file name, without / \\ or control characters' })
  @Label('文件名', 'file name')
  fileName!: string;

  @ApiProperty({ enum: EVIDENCE_KINDS, description: 'letter_scan 信函扫描件, cctv_note 监控调阅记录, photo 照片, reply_letter 回复函, other' })
  @IsIn(EVIDENCE_KINDS)
  @Label('证据类型', 'evidence kind')
  evidenceKind!: EvidenceKind;

  @ApiProperty({
    enum: ['true', 'false'],
    description:
      "Holds personal data (a customer's ID card copy or signed letter; on a violation or finding, the named employee's): the file is deleted when that person's data is erased",
  })
  @IsIn(['true', 'false'])
  @Label('含个人信息', 'holds personal data')
  personalData!: 'true' | 'false';

  @ApiPropertyOptional({ example: 'one-metre-line', description: 'Inspections only: the checklist item whose recorded result the file documents (422 elsewhere)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Label('检查项', 'checklist item')
  itemId?: string;
}
