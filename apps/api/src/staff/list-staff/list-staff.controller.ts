import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, StaffDirectory, type AuthenticatedUser } from '@duban/identity';
import { ScopedUnits } from '../../queries/scoped-units';
import { EmployeeDisclosure } from '../employee-disclosure';
import { EmployeeErasures } from '../employee-erasures';
import { EmployeeDto } from '../employee.dto';
import { ListStaffQueryDto } from './list-staff.query.dto';

class StaffListDto {
  @ApiProperty({
    type: [EmployeeDto],
    example: [
      { staffId: 'E10001', name: '林秀英', position: '柜员', unitId: 'anshan-haicheng-yys', masked: false, erased: false },
      { staffId: 'E10002', name: '高明', position: '大堂经理', unitId: 'anshan-haicheng-yys', masked: false, erased: false },
    ],
  })
  items!: EmployeeDto[];
}

/** The employees a form may name (被投诉员工, 责任人), so clients offer them instead of asking for a 工号 from memory. */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('organisation')
export class ListStaffController {
  constructor(
    private readonly staff: StaffDirectory,
    private readonly units: ScopedUnits,
    private readonly employees: EmployeeDisclosure,
    private readonly erasures: EmployeeErasures,
  ) {}

  @Get('staff')
  @ApiOperation({
    operationId: 'listStaff',
    summary: 'The employees of my units (辖内; all for auditors), or of one unit’s subtree, by staff id → {items}',
    description:
      'Names are whole for unit heads, supervisors and auditors; masked (林**) for handlers and inspectors, as on every record naming an employee. Erased employees are left out: they may not be named anew.',
  })
  @ApiOkResponse({ type: StaffListDto })
  @ApiBadRequestResponse({ description: 'A bad filter; names the field' })
  @ApiNotFoundResponse({ description: 'unitId outside your units' })
  async list(@Query() query: ListStaffQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<StaffListDto> {
    if (query.unitId !== undefined) this.units.assertVisible(user, query.unitId, 'unitId');
    const unitIds = this.units.subtreeIds(query.unitId ?? this.units.homeUnitId(user));
    const members = this.staff.inUnits(new Set(unitIds));
    // An erased employee may not be named anew.
    const erased = await this.erasures.erasedAmong(members.map((member) => member.id));
    return { items: members.filter((member) => !erased.has(member.id)).map((member) => this.employees.known(member, user)) };
  }
}
