import { ApiPropertyOptional } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { CASE_TYPES, type CaseType, type ReclassifyComplaint } from '@duban/workflow';
import { IsIn, IsOptional } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';
import { IsKnownCategory } from '../../shared/known-category';

/** E.g. a 协查 investigation request that turns out to be a complaint; at least one field must change (422). */
export class ReclassifyComplaintDto implements CommandPayload<ReclassifyComplaint> {
  @Label('案件类型', 'case type')
  @ApiPropertyOptional({ enum: CASE_TYPES })
  @IsOptional()
  @IsIn(CASE_TYPES)
  type?: CaseType;

  @Label('类别', 'category')
  @ApiPropertyOptional({ example: 'process', description: 'An id from GET /categories' })
  @IsOptional()
  @IsKnownCategory()
  category?: string;

  toCommand(): ReclassifyComplaint {
    return { type: 'reclassify', caseType: this.type, category: this.category };
  }
}
