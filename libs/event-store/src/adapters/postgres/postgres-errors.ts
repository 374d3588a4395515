import { EventStoreFullError, EventStoreReadOnlyError, EventStoreUnavailableError } from '../../port/event-store.errors';

// SQLSTATE classes and codes (PostgreSQL appendix A): 08 connection exception, 53 insufficient
// resources, 57P admin shutdown / crash / cannot connect now, 58 system error, 40001/40P01
// serialization failure and deadlock, 25006 read-only transaction, 55P03 lock not available.
const FULL = new Set(['53100', '53200', '54000']);
const READ_ONLY = new Set(['25006']);
const UNAVAILABLE = /^(08|53|57P|58|40001|40P01|55P03|57014)/;
// What node-postgres and the socket report when no server answers or the connection drops.
const CONNECTION_FAILURE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end/i;

/**
 * Failures of the server or the connection become the port's typed errors (a 503 at the HTTP edge,
 * retried by the subscription loop); anything else (a bug in a statement) is passed on unchanged.
 */
export async function withPostgresErrorsMapped<T>(action: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw postgresStoreErrorOf(action, error) ?? error;
  }
}

export function postgresStoreErrorOf(action: string, error: unknown): EventStoreUnavailableError | undefined {
  if (error instanceof EventStoreUnavailableError) return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const described = `PostgreSQL event store could not ${action}: ${String(message)}`;
  if (typeof code === 'string') {
    if (FULL.has(code)) return new EventStoreFullError(described, error);
    if (READ_ONLY.has(code)) return new EventStoreReadOnlyError(described, error);
    if (UNAVAILABLE.test(code)) return new EventStoreUnavailableError(described, error);
  }
  return CONNECTION_FAILURE.test(String(message)) || CONNECTION_FAILURE.test(String(code)) ? new EventStoreUnavailableError(described, error) : undefined;
}
