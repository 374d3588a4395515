import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException } from '@duban/http-problem';
import { AccessScope, OrgTree, type AuthenticatedUser } from '@duban/identity';

/** The caller's units (辖内) as queries use them: what they may name in a filter, and what they see. */
@Injectable()
export class ScopedUnits {
  constructor(
    private readonly scope: AccessScope,
    private readonly orgTree: OrgTree,
  ) {}

  /** A unit named in a query but outside the caller's scope is 404, exactly like that unit's cases. */
  assertVisible(user: AuthenticatedUser, unitId: string, field: string): void {
    if (!this.scope.canSee(user, unitId)) {
      throw ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', { zh: `您的辖区内没有机构「${unitId}」。`, en: `No unit ${unitId} in your area of responsibility.` }, { field });
    }
  }

  /** The units whose cases the caller reads; undefined for auditors, who read everything. */
  visibleUnitIds(user: AuthenticatedUser): readonly string[] | undefined {
    return user.role === 'auditor' ? undefined : this.scope.visibleUnitIds(user);
  }

  /** The caller's own unit, or head office for auditors. */
  homeUnitId(user: AuthenticatedUser): string {
    return user.role === 'auditor' ? this.orgTree.root.id : user.unitId;
  }

  subtreeIds(unitId: string): string[] {
    return this.orgTree.subtree(unitId).map((unit) => unit.id);
  }
}
