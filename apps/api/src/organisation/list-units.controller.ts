import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AccessScope, CurrentUser, ORG_LEVELS, OrgTree, type AuthenticatedUser, type OrgLevel } from '@duban/identity';

class OrgUnitDto {
  @ApiProperty({ example: 'anshan-haicheng-yys' })
  id!: string;

  @ApiProperty({ example: '海城支行营业室' })
  name!: string;

  @ApiProperty({ example: 'Haicheng Sub-branch Business Office' })
  nameEn!: string;

  @ApiProperty({ enum: ORG_LEVELS })
  level!: OrgLevel;

  @ApiProperty({ type: String, nullable: true, description: 'null only for head office' })
  parentId!: string | null;
}

/** The org tree as far as the caller sees it, so clients name units and offer only those in scope. */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('organisation')
export class ListUnitsController {
  constructor(
    private readonly scope: AccessScope,
    private readonly orgTree: OrgTree,
  ) {}

  @Get('units')
  @ApiOperation({
    operationId: 'listUnits',
    summary: 'The units in my area of responsibility (辖内; all for auditors), each after its parent, with Chinese and English names',
  })
  @ApiOkResponse({ type: [OrgUnitDto] })
  list(@CurrentUser() user: AuthenticatedUser): OrgUnitDto[] {
    // Named field by field: the organisation file's units carry more (complaint managers) than this answer promises.
    return this.scope.visibleUnitIds(user).map((unitId) => {
      const { id, name, nameEn, level, parentId } = this.orgTree.get(unitId);
      return { id, name, nameEn, level, parentId };
    });
  }
}
