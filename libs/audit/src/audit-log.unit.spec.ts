import { auditLogStream } from './audit-log';

describe('auditLogStream', () => {
  it('keeps one stream per UTC day', () => {
    expect(auditLogStream(new Date('2026-11-23T00:00:00.000Z'))).toBe('audit_log-2026-11-23');
    expect(auditLogStream(new Date('2026-11-23T23:59:59.999Z'))).toBe('audit_log-2026-11-23');
    // 07:30 in Shanghai is still the previous day in UTC.
    expect(auditLogStream(new Date('2026-11-24T07:30:00+08:00'))).toBe('audit_log-2026-11-23');
  });
});
