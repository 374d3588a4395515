import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import { INSPECTION_KINDS, type InspectionKind, type OpenInspection } from '@duban/workflow';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** 检查: on-site, off-site (CCTV), mystery shopper, self-inspection or themed. */
export class OpenInspectionDto {
  @Label('检查类型', 'inspection kind')
  @ApiProperty({ enum: INSPECTION_KINDS })
  @IsIn(INSPECTION_KINDS)
  kind!: InspectionKind;

  @Label('被检查机构', 'inspected unit')
  @ApiProperty({ example: 'anshan-haicheng', description: 'Inspected unit; within your subtree (403 otherwise)' })
  @IsString()
  @IsNotEmpty()
  unitId!: string;

  @Label('检查范围', 'scope')
  @ApiProperty({ example: '服务工作检查记录表: 环境设施、服务礼仪' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  scope!: string;

  toCommand(inspectionId: string): OpenInspection {
    return { type: 'open', inspectionId, kind: this.kind, unitId: this.unitId, scope: this.scope };
  }
}
