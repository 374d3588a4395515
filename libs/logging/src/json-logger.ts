import type { LoggerService, LogLevel } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { LOG_LEVELS } from '@duban/config';
import { logScope } from './log-scope';

type JsonLogLevel = (typeof LOG_LEVELS)[number];

const NEST_TO_PINO: Record<LogLevel, Level> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * Nest's logger as one JSON object per line (pino): time, level, app, the Nest context, the
 * message, and the correlation and request ids of the request being served. Callers log facts
 * about cases (ids, types, counts), never a customer's data: nothing here could tell the two apart.
 */
export class JsonLogger implements LoggerService {
  private readonly logger: Logger;

  constructor(options: { app: 'api' | 'worker' | 'cli'; level?: JsonLogLevel; destination?: DestinationStream }) {
    this.logger = pino(
      {
        level: options.level ?? 'info',
        base: { app: options.app },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => ({ ...logScope.getStore() }),
      },
      options.destination ?? pino.destination({ sync: true }),
    );
  }

  log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }

  error(message: unknown, ...optional: unknown[]): void {
    // Nest passes (message, stack, context) for errors it caught.
    const stack = optional.length >= 2 && typeof optional[0] === 'string' ? optional[0] : undefined;
    this.write('error', message, stack === undefined ? optional : optional.slice(1), stack);
  }

  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }

  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }

  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }

  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  /** Nest's levels as a set; pino's as a threshold: the most verbose one asked for. */
  setLogLevels(levels: LogLevel[]): void {
    const asked = levels.map((level) => NEST_TO_PINO[level]);
    this.logger.level = [...LOG_LEVELS].reverse().find((level) => asked.includes(level)) ?? 'silent';
  }

  private write(level: Level, message: unknown, optional: unknown[], stack?: string): void {
    if (!this.logger.isLevelEnabled(level)) return;
    // Nest's convention: a trailing string is the context (the class or area logging).
    const context = typeof optional.at(-1) === 'string' ? (optional.at(-1) as string) : undefined;
    const fields = { ...(context === undefined ? {} : { context }), ...(stack === undefined ? {} : { stack }) };
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}
