/**
 * An employee as the organisation file lists them, so that complaints, findings and violations
 * can name who was responsible. Deliberately no personal data beyond name and post: the staff id
 * is the bank's own, and anything more belongs in the HR system, not here.
 */
export interface StaffMember {
  /** The bank's staff id (工号), unique across the bank. */
  readonly id: string;
  readonly name: string;
  readonly unitId: string;
  /** The post, e.g. 柜员, 大堂经理, 网点负责人. */
  readonly position: string;
}
