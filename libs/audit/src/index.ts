export { AUDIT_LOG_SCHEMA_VERSION, AUDIT_LOG_STREAM_PREFIX, AUDIT_READ_RECORDED, AUDITED_READS, auditLogStream, type AuditedRead, type AuditReadData } from './audit-log';
export { hasSummary, reasonOf, summarizeEvent, type Summary, type UnitNames } from './event-summaries';
export { occurredAtOf } from './event-time';
export { MomentNotFoundError, pastStateOf, type Moment, type PastState } from './time-travel';
