/** What an audited read looked at: the current view, a past state, the history, an integrity check, an audit pack or an evidence file. */
export const AUDITED_READS = ['view', 'state', 'history', 'verify', 'audit-pack', 'attachment'] as const;
export type AuditedRead = (typeof AUDITED_READS)[number];

export const AUDIT_LOG_STREAM_PREFIX = 'audit_log-';
export const AUDIT_READ_RECORDED = 'AuditReadRecorded';
export const AUDIT_LOG_SCHEMA_VERSION = 1;

/** Data of AuditReadRecorded: who looked at which record, how and when. */
export type AuditReadData = {
  userId: string;
  role: string;
  /** The reader's unit. */
  unitId: string;
  /** complaint, finding, inspection, violation, or staff (an employee's service file, `caseId` the staff id). */
  kind: string;
  caseId: string;
  what: AuditedRead;
  /** The query the read was made with (e.g. `{ revision: '3' }`), as sent. */
  query: Record<string, string>;
  at: string;
  correlationId: string;
};

/** One stream per UTC day (`audit_log-2026-11-23`), so no stream grows without bound. */
export function auditLogStream(at: Date): string {
  return `${AUDIT_LOG_STREAM_PREFIX}${at.toISOString().slice(0, 10)}`;
}
