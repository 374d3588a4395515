import { Injectable } from '@nestjs/common';
import { OrgTree, StaffDirectory, type StaffMember } from '@duban/identity';
import { maskName } from '@duban/personal-data';

/** Who looks: a user, or (for views of the past and audit packs) their role and unit as recorded for the request. */
export type EmployeeViewer = { readonly role: string; readonly unitId: string };

/** The employee a record names, as the viewer may see them. */
export type DisclosedEmployee = {
  staffId: string;
  /** Whole for those who may know the employee, masked (林**) for others; null once the organisation file no longer lists them (erased). */
  name: string | null;
  position: string | null;
  unitId: string | null;
  masked: boolean;
};

/** Those who may know who an employee is: supervisors and unit heads over the employee's unit, and auditors. */
const KNOW_EMPLOYEES = new Set(['supervisor', 'unit_head', 'auditor']);

/**
 * The one place an employee's name leaves the organisation file. Events hold only the staff id,
 * so removing an employee from the file erases their name from every record, history and pack;
 * roles that may see a record but not the employee (handlers, inspectors) read the name masked.
 */
@Injectable()
export class EmployeeDisclosure {
  constructor(
    private readonly staff: StaffDirectory,
    private readonly orgTree: OrgTree,
  ) {}

  /** Whether the viewer may know this employee and read their service file. */
  mayKnow(viewer: EmployeeViewer, member: StaffMember): boolean {
    if (!KNOW_EMPLOYEES.has(viewer.role)) return false;
    // As AccessScope.canSee: auditors everywhere, the others over their own subtree.
    return viewer.role === 'auditor' || this.orgTree.isWithinSubtree(viewer.unitId, member.unitId);
  }

  employee(staffId: string, viewer: EmployeeViewer): DisclosedEmployee {
    const member = this.staff.find(staffId);
    if (member === undefined) return { staffId, name: null, position: null, unitId: null, masked: false };
    const known = this.mayKnow(viewer, member);
    return { staffId, name: known ? member.name : maskName(member.name), position: member.position, unitId: member.unitId, masked: !known };
  }

  /** A view with `employee` beside its `staffId` (findings, violations); views that name nobody pass with `employee: null` or unchanged. */
  inView<TView>(view: TView, viewer: EmployeeViewer): TView {
    if (view === null || typeof view !== 'object' || !('staffId' in view)) return view;
    const { staffId } = view as { staffId: unknown };
    return { ...view, employee: typeof staffId === 'string' ? this.employee(staffId, viewer) : null };
  }
}
