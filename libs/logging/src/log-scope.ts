import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving one request carries, whoever writes it. */
export interface LogScope {
  readonly correlationId: string;
  readonly requestId?: string;
}

/** Entered by the API for each request (and may be by the worker for each job); read by JsonLogger. */
export const logScope = new AsyncLocalStorage<LogScope>();
