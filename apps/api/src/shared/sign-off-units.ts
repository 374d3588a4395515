import { Injectable } from '@nestjs/common';
import { OrgTree, UserDirectory } from '@duban/identity';
import { answeringUnitOf, type ComplaintState } from '@duban/workflow';

/**
 * Whose head signs a complaint off (签字确认, seed 002 "由网点负责人签字确认"): the unit answering for
 * it (after an escalation or a referral, the unit it went up to) or, when the organisation file
 * names no unit head there (a business hall run by its sub-branch's head), the nearest unit above
 * that has one.
 */
@Injectable()
export class SignOffUnits {
  private readonly headedUnitIds: ReadonlySet<string>;

  constructor(
    private readonly orgTree: OrgTree,
    users: UserDirectory,
  ) {
    this.headedUnitIds = new Set(
      users
        .list()
        .filter((user) => user.role === 'unit_head')
        .map((user) => user.unitId),
    );
  }

  /** The unit whose head signs off a case `answeringUnitId` works (answeringUnitOf); undefined when no unit on its path up has a head. */
  signingUnitOf(answeringUnitId: string): string | undefined {
    if (!this.orgTree.has(answeringUnitId)) return undefined;
    return [this.orgTree.get(answeringUnitId), ...this.orgTree.ancestors(answeringUnitId)].find((unit) => this.headedUnitIds.has(unit.id))?.id;
  }

  /** The unit working the complaint and the unit whose head signs it off (undefined: no head on its path up). */
  ofComplaint(complaint: ComplaintState['context']): { answeringUnitId: string; signingUnitId: string | undefined } {
    const answeringUnitId = answeringUnitOf(complaint);
    return { answeringUnitId, signingUnitId: this.signingUnitOf(answeringUnitId) };
  }

  /** The answering units whose cases the head of `unitId` signs off: theirs and those below without a head of their own. */
  unitsSignedOffBy(unitId: string): string[] {
    if (!this.orgTree.has(unitId)) return [];
    return this.orgTree
      .subtree(unitId)
      .map((unit) => unit.id)
      .filter((id) => this.signingUnitOf(id) === unitId);
  }
}
