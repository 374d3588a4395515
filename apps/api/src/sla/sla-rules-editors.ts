import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException } from '@duban/http-problem';
import { OrgTree, type AuthenticatedUser, type Role } from '@duban/identity';

const EDITOR_ROLES: readonly Role[] = ['admin', 'supervisor'];

/**
 * Policies and calendars bind the whole bank, so only head office changes them: its admins and
 * supervisors. An admin of a branch or below administers no more than their own part of the bank.
 */
@Injectable()
export class SlaRulesEditors {
  constructor(private readonly orgTree: OrgTree) {}

  assertMayEdit(user: AuthenticatedUser): void {
    const atHeadOffice = this.orgTree.parentOf(user.unitId) === null;
    if (!atHeadOffice || !EDITOR_ROLES.includes(user.role)) {
      throw ProblemException.of(
        HttpStatus.FORBIDDEN,
        'forbidden-by-role',
        { zh: '只有总行的管理员和督办人员可以修改时限规则和工作日历。', en: 'Only head-office admins and supervisors may change SLA policies and calendars.' },
        {
          role: user.role,
          unitId: user.unitId,
        },
      );
    }
  }
}

/** If-Match on a versioned rule set: the version it was read at (ETag), as a number. */
export function expectedVersionOf(expectedRevision: bigint | undefined): number | undefined {
  return expectedRevision === undefined ? undefined : Number(expectedRevision);
}
