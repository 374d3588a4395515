import { ApiProperty } from '@nestjs/swagger';

/** A text in both languages of the house. */
export class BilingualTextDto {
  @ApiProperty({ example: '服务态度' })
  zh!: string;

  @ApiProperty({ example: 'Service attitude' })
  en!: string;
}
