import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException } from '@duban/http-problem';
import { OrgTree, StaffDirectory } from '@duban/identity';

/** Where an employee works, for records that name one: the employee answers for their own unit's work only. */
@Injectable()
export class EmployeePlacement {
  constructor(
    private readonly staff: StaffDirectory,
    private readonly orgTree: OrgTree,
  ) {}

  /** 422 naming `field` unless the employee works in `unitId` or a unit below it. */
  assertWorksWithin(staffId: string, unitId: string, command: string, field = 'staffId'): void {
    const member = this.staff.find(staffId);
    if (member !== undefined && this.orgTree.has(unitId) && this.orgTree.isWithinSubtree(unitId, member.unitId)) return;
    throw ProblemException.of(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'invalid-command',
      { zh: `员工 ${staffId} 不在机构 ${unitId} 及其下属机构工作。`, en: `Employee ${staffId} does not work at ${unitId} or a unit below it.` },
      { command, errors: [{ field, message: `must be an employee of ${unitId} or a unit below it` }] },
    );
  }
}
