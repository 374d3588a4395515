import { Label } from '@duban/http-problem';
import type { EditCircular } from '@duban/workflow';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** Changes the fields given while a draft; nothing is recorded when nothing changes. */
export class EditCircularDto implements CommandPayload<EditCircular> {
  @Label('标题', 'title')
  @ApiPropertyOptional({ example: '关于三季度服务检查排名的通报' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @Label('正文', 'content')
  @ApiPropertyOptional({ example: '三季度全辖网点服务检查评分中，前三名予以奖励，后两名予以通报。' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  content?: string;

  @Label('收文机构', 'recipient units')
  @ApiPropertyOptional({ type: [String], example: ['anshan-tiedong'], description: 'Replaces the recipients; units of the org tree, each once' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  recipientUnitIds?: string[];

  toCommand(): EditCircular {
    const { title, content, recipientUnitIds } = this;
    return { type: 'edit', ...(title !== undefined && { title }), ...(content !== undefined && { content }), ...(recipientUnitIds !== undefined && { recipientUnitIds }) };
  }
}
