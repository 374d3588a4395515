import { COMPLAINT_ROLE_GATES } from './complaint/complaint.commands';
import { FINDING_ROLE_GATES } from './finding/finding.commands';
import { INSPECTION_ROLE_GATES } from './inspection/inspection.commands';
import { VIOLATION_ROLE_GATES } from './violation/violation.commands';

/** Every role gate of the workflow, per aggregate and command, for the API to list. */
export const ROLE_GATES = {
  complaint: COMPLAINT_ROLE_GATES,
  finding: FINDING_ROLE_GATES,
  inspection: INSPECTION_ROLE_GATES,
  violation: VIOLATION_ROLE_GATES,
} as const;
