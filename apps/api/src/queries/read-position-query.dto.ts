import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Label, withMessage } from '@duban/http-problem';

/** `minPosition`: wait until the read models include the caller's own write. */
export const MinPositionProperty = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description: 'Wait until the read models include this global position (X-Duban-Position of a command response)' }),
    IsOptional(),
    Label('读取位置', 'read position'),
    Matches(
      /^\d{1,20}$/,
      withMessage((l) => ({ zh: `「${l.zh}」须为全局位置（数字）`, en: `"${l.en}" must be a global position (digits)` })),
    ),
  );

/** Read-your-writes for any query over the read models. */
export class ReadPositionQueryDto {
  @MinPositionProperty()
  minPosition?: string;
}
