export { AUDIT_LOG_SCHEMA_VERSION, AUDIT_READ_RECORDED, auditLogStream, type AuditedRead, type AuditReadData } from './audit-log';
export { reasonOf, summarizeEvent, type Summary, type UnitNames } from './event-summaries';
export { occurredAtOf } from './event-time';
export { MomentNotFoundError, pastStateOf, type Moment, type PastState } from './time-travel';
