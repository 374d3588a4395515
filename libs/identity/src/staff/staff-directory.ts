import type { StaffMember } from './staff-member';

/** The employees of the organisation file, looked up by staff id or by unit. */
export class StaffDirectory {
  private readonly byId: ReadonlyMap<string, StaffMember>;

  constructor(members: readonly StaffMember[]) {
    this.byId = new Map(members.map((member) => [member.id, member]));
  }

  find(staffId: string): StaffMember | undefined {
    return this.byId.get(staffId);
  }

  /** Employees of exactly these units (callers pass a subtree from the OrgTree), ordered by staff id. */
  inUnits(unitIds: ReadonlySet<string>): readonly StaffMember[] {
    return [...this.byId.values()].filter((member) => unitIds.has(member.unitId)).sort((a, b) => a.id.localeCompare(b.id));
  }
}
