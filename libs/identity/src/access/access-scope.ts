import { ForbiddenException } from '@nestjs/common';
import type { OrgTree } from '../organisation/org-tree';
import type { AuthenticatedUser } from '../users/user';
import { refusal } from '../auth/refusal';

/**
 * Who may see and change what. A user works within their own unit's subtree (辖内), so head
 * office sees everything; auditors see everything but change nothing.
 */
export class AccessScope {
  constructor(private readonly orgTree: OrgTree) {}

  canSee(user: AuthenticatedUser, unitId: string): boolean {
    if (user.role === 'auditor') return this.orgTree.has(unitId);
    return this.orgTree.isWithinSubtree(user.unitId, unitId);
  }

  assertCanSee(user: AuthenticatedUser, unitId: string): void {
    if (!this.canSee(user, unitId)) throw refusal(ForbiddenException, { zh: `机构「${unitId}」不在您的辖区内。`, en: `Unit "${unitId}" is outside your area of responsibility.` });
  }

  /**
   * Where a user may transfer a case sideways: within their subtree (head office: anywhere), or
   * anywhere for the supervisors of a unit that distributes cases (the call centre).
   */
  mayTransferTo(user: AuthenticatedUser, unitId: string): boolean {
    if (user.role === 'supervisor' && this.orgTree.has(user.unitId) && this.orgTree.get(user.unitId).distributesCases === true) return this.orgTree.has(unitId);
    return mayChange(user) && this.canSee(user, unitId);
  }

  /** For filtering queries: the units whose records this user may read. */
  visibleUnitIds(user: AuthenticatedUser): readonly string[] {
    const scopeRoot = user.role === 'auditor' ? this.orgTree.root.id : user.unitId;
    return this.orgTree.subtree(scopeRoot).map((unit) => unit.id);
  }

  /** Changing a unit's records needs both the right to change at all and the unit in scope. */
  assertMayChangeWithin(user: AuthenticatedUser, unitId: string): void {
    assertMayChange(user);
    this.assertCanSee(user, unitId);
  }
}

export function mayChange(user: AuthenticatedUser): boolean {
  return user.role !== 'auditor';
}

export function assertMayChange(user: AuthenticatedUser): void {
  if (!mayChange(user)) throw refusal(ForbiddenException, { zh: '审计人员只读，不能修改任何内容。', en: 'Auditors have read-only access and cannot change anything.' });
}
