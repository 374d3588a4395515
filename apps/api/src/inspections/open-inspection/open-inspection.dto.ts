import { ApiProperty } from '@nestjs/swagger';
import { INSPECTION_KINDS, type InspectionKind, type OpenInspection } from '@duban/workflow';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** 检查: on-site, off-site (CCTV), mystery shopper, self-inspection or themed. */
export class OpenInspectionDto {
  @ApiProperty({ enum: INSPECTION_KINDS })
  @IsIn(INSPECTION_KINDS)
  kind!: InspectionKind;

  @ApiProperty({ example: 'anshan-haicheng', description: 'Inspected unit; within your subtree (403 otherwise)' })
  @IsString()
  @IsNotEmpty()
  unitId!: string;

  @ApiProperty({ example: '服务工作检查记录表: 环境设施、服务礼仪' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  scope!: string;

  toCommand(inspectionId: string): OpenInspection {
    return { type: 'open', inspectionId, kind: this.kind, unitId: this.unitId, scope: this.scope };
  }
}
