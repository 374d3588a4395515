import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException } from '@duban/http-problem';
import { OrgTree, type AuthenticatedUser } from '@duban/identity';

/** Policies and calendars bind the whole bank: only admins and head-office supervisors change them. */
@Injectable()
export class SlaRulesEditors {
  constructor(private readonly orgTree: OrgTree) {}

  assertMayEdit(user: AuthenticatedUser): void {
    const headOfficeSupervisor = user.role === 'supervisor' && this.orgTree.parentOf(user.unitId) === null;
    if (user.role !== 'admin' && !headOfficeSupervisor) {
      throw ProblemException.of(HttpStatus.FORBIDDEN, 'forbidden-by-role', 'Only admins and head-office supervisors may change SLA policies and calendars.', {
        role: user.role,
        unitId: user.unitId,
      });
    }
  }
}

/** If-Match on a versioned rule set: the version it was read at (ETag), as a number. */
export function expectedVersionOf(expectedRevision: bigint | undefined): number | undefined {
  return expectedRevision === undefined ? undefined : Number(expectedRevision);
}
