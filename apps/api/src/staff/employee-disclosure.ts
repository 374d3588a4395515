import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException } from '@duban/http-problem';
import { OrgTree, StaffDirectory, type StaffMember } from '@duban/identity';
import { maskName } from '@duban/personal-data';
import { withPersonalDataErased, type AttachmentView } from '@duban/workflow';
import { EmployeeErasures } from './employee-erasures';

/** Who looks: a user, or (for views of the past and audit packs) their role and unit as recorded for the request. */
export type EmployeeViewer = { readonly role: string; readonly unitId: string };

/** The employee a record names, as the viewer may see them. */
export type DisclosedEmployee = {
  staffId: string;
  /** Whole for those who may know the employee, masked (林**) for others; null once erased or no longer in the organisation file. */
  name: string | null;
  position: string | null;
  unitId: string | null;
  masked: boolean;
  /** Erased on a lawful request (EmployeeErasures): nothing but the staff id is shown, to anyone. */
  erased: boolean;
};

/** The answer for an employee unknown to the caller: the same whether they exist elsewhere or not at all. */
export function noSuchEmployee(staffId: string): ProblemException {
  return ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', { zh: `您的辖区内没有员工 ${staffId}。`, en: `No employee ${staffId} in your area of responsibility.` });
}

/** Those who may know who an employee is: supervisors and unit heads over the employee's unit, and auditors. */
const KNOW_EMPLOYEES = new Set(['supervisor', 'unit_head', 'auditor']);

/**
 * The one place an employee's name leaves the organisation file. Events hold only the staff id,
 * so removing an employee from the file, or erasing them, erases their name from every record,
 * history and pack; roles that may see a record but not the employee (handlers, inspectors) read
 * the name masked.
 */
@Injectable()
export class EmployeeDisclosure {
  constructor(
    private readonly staff: StaffDirectory,
    private readonly orgTree: OrgTree,
    private readonly erasures: EmployeeErasures,
  ) {}

  /** Whether the viewer may know this employee and read their service file. */
  mayKnow(viewer: EmployeeViewer, member: StaffMember): boolean {
    if (!KNOW_EMPLOYEES.has(viewer.role)) return false;
    // As AccessScope.canSee: auditors everywhere, the others over their own subtree.
    return viewer.role === 'auditor' || this.orgTree.isWithinSubtree(viewer.unitId, member.unitId);
  }

  /** An employee of the organisation file known not to be erased. */
  known(member: StaffMember, viewer: EmployeeViewer): DisclosedEmployee {
    const known = this.mayKnow(viewer, member);
    return { staffId: member.id, name: known ? member.name : maskName(member.name), position: member.position, unitId: member.unitId, masked: !known, erased: false };
  }

  async employee(staffId: string, viewer: EmployeeViewer): Promise<DisclosedEmployee> {
    const member = this.staff.find(staffId);
    const erased = await this.erasures.isErased(staffId);
    if (member === undefined || erased) return { staffId, name: null, position: null, unitId: null, masked: false, erased };
    return this.known(member, viewer);
  }

  /**
   * A view with `employee` beside its `staffId` (findings, violations), its files marked as personal
   * data shown erased once the employee is; views that name nobody pass with `employee: null` or unchanged.
   */
  async inView<TView>(view: TView, viewer: EmployeeViewer): Promise<TView> {
    if (view === null || typeof view !== 'object' || !('staffId' in view)) return view;
    const { staffId, attachments } = view as { staffId: unknown; attachments?: AttachmentView[] };
    if (typeof staffId !== 'string') return { ...view, employee: null };
    const employee = await this.employee(staffId, viewer);
    if (!employee.erased || attachments === undefined) return { ...view, employee };
    return { ...view, employee, attachments: withPersonalDataErased(attachments) };
  }
}
