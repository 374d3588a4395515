import { Label } from '@duban/http-problem';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MinLength } from 'class-validator';

/** Filter of GET /organisation/staff. */
export class ListStaffQueryDto {
  @ApiPropertyOptional({ example: 'anshan-haicheng', description: "That unit's subtree (辖内); a unit outside your own scope is 404" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Label('机构', 'unit')
  unitId?: string;
}
