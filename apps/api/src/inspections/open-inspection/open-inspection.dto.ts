import { Label } from '@duban/http-problem';
import { INSPECTION_KINDS, type Checklist, type InspectionKind, type OpenInspection } from '@duban/workflow';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** 检查: on-site, CCTV review, mystery shopping, self-inspection or themed; scored against a checklist template when one is named. */
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

  @Label('检查表', 'checklist')
  @ApiPropertyOptional({
    example: 'counter-service',
    description: 'A checklist template (GET /checklists/{id}); its current version is copied into the inspection, which is then scored item by item',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  checklistId?: string;

  toCommand(inspectionId: string, checklist: Checklist | undefined): OpenInspection {
    return { type: 'open', inspectionId, kind: this.kind, unitId: this.unitId, scope: this.scope, ...(checklist !== undefined && { checklist }) };
  }
}
