import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { ScopedUnits } from '../../queries/scoped-units';
import { inCalendarPeriod } from '@duban/reporting';
import { DEFAULT_TIME_ZONE } from '@duban/sla';
import { EmployeeDisclosure } from '../../staff/employee-disclosure';
import { EmployeeDto } from '../../staff/employee.dto';
import { PenaltyDto, ViolationRuleDto } from '../violation-view.dto';
import { ViolationRegister } from '../violation-register';
import { ListViolationsQueryDto, VIOLATION_STATES } from './list-violations.query.dto';

export class ViolationListItemDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'WG-2026-000001' })
  number!: string | null;

  @ApiProperty({ enum: VIOLATION_STATES })
  state!: string;

  @ApiProperty({ description: "The employee's unit" })
  unitId!: string;

  @ApiProperty({ type: EmployeeDto })
  employee!: EmployeeDto;

  @ApiProperty({ type: ViolationRuleDto })
  rule!: ViolationRuleDto;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: PenaltyDto, nullable: true, description: 'The penalty in force' })
  penalty!: PenaltyDto | null;

  @ApiProperty({ description: 'An appeal was lodged' })
  appealed!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

class ViolationListDto {
  @ApiProperty({ type: [ViolationListItemDto] })
  items!: ViolationListItemDto[];
}

@ApiTags('violations')
@ApiBearerAuth()
@Controller('violations')
export class ListViolationsController {
  constructor(
    private readonly register: ViolationRegister,
    private readonly units: ScopedUnits,
    private readonly employees: EmployeeDisclosure,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listViolations',
    summary: 'The violations register (违规服务) of your units, newest first, filtered by unit subtree, employee, state and period → {items}',
  })
  @ApiOkResponse({ type: ViolationListDto })
  @ApiBadRequestResponse({ description: 'A bad filter; names the field' })
  @ApiNotFoundResponse({ description: 'unitId outside your units' })
  async list(@Query() query: ListViolationsQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<ViolationListDto> {
    if (query.unitId !== undefined) this.units.assertVisible(user, query.unitId, 'unitId');
    const visible = this.units.visibleUnitIds(user);
    const scope = query.unitId === undefined ? visible : this.units.subtreeIds(query.unitId).filter((unitId) => visible === undefined || visible.includes(unitId));
    const units = scope === undefined ? undefined : new Set(scope);
    const listed = (await this.register.all())
      .filter(
        (view) =>
          (units === undefined || units.has(view.unitId)) &&
          (query.staffId === undefined || view.staffId === query.staffId) &&
          (query.state === undefined || view.state === query.state) &&
          (query.period === undefined || inCalendarPeriod(view.createdAt, query.period, DEFAULT_TIME_ZONE)),
      )
      .reverse();
    const items = await Promise.all(
      listed.map(async (view) => ({
        id: view.id,
        number: view.number,
        state: view.state,
        unitId: view.unitId,
        employee: await this.employees.employee(view.staffId, user),
        rule: view.rule,
        description: view.description,
        penalty: view.penalty,
        appealed: view.appeal !== null,
        createdAt: view.createdAt,
      })),
    );
    return { items };
  }
}
