import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** A lawful request to erase a person's personal data (a customer's, an employee's); it names no personal data itself. */
export class ErasureRequestDto {
  @Label('删除理由', 'reason for erasure')
  @ApiProperty({ example: '依法申请删除个人信息', description: 'The legal ground; do not repeat the personal data here' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;

  @Label('申请编号', 'request reference')
  @ApiProperty({ example: 'REQ-2026-0001', description: "The request's reference in the bank's register of data-subject requests" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  requestReference!: string;
}
