import { InvalidCommandError, type AggregateKind, type ValidationIssue } from './errors';

const MAX_TEXT_LENGTH = 4000;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Whether a string is an ISO-8601 instant with an explicit offset (local times are ambiguous):
 * `2024-05-01T08:00:00Z`, `2024-05-01T16:00+08:00`, seconds and fractions optional. Every field
 * must exist as written: JavaScript's Date quietly rolls 2025-02-30 over into March and takes
 * 24:00 for the next midnight, so the calendar is checked here rather than left to Date.parse.
 */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_INSTANT.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  // setUTCFullYear, unlike Date.UTC, takes years 0–99 as written.
  const daysInMonth = new Date(new Date(0).setUTCFullYear(year, month, 0)).getUTCDate();
  const fieldsExist = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
  return fieldsExist && !Number.isNaN(Date.parse(value));
}

/**
 * Collects every problem of a command payload so that one 422 lists them all. Commands come from
 * the network, so the checks run at runtime even where the TypeScript types already promise a shape.
 */
export class PayloadCheck {
  private readonly issues: ValidationIssue[] = [];

  constructor(
    private readonly aggregate: AggregateKind,
    private readonly command: string,
  ) {}

  fail(field: string, message: string, zh: string): this {
    this.issues.push({ field, message, zh });
    return this;
  }

  text(field: string, value: unknown): this {
    if (typeof value !== 'string' || value.trim() === '') return this.fail(field, 'must be a non-empty string', '不能为空');
    if (value.length > MAX_TEXT_LENGTH) return this.fail(field, `must be at most ${MAX_TEXT_LENGTH} characters`, `不能超过 ${MAX_TEXT_LENGTH} 个字符`);
    return this;
  }

  optionalText(field: string, value: unknown): this {
    return value === undefined || value === null ? this : this.text(field, value);
  }

  oneOf(field: string, value: unknown, allowed: readonly string[]): this {
    return typeof value === 'string' && allowed.includes(value) ? this : this.fail(field, `must be one of ${allowed.join(', ')}`, `须为下列之一：${allowed.join(', ')}`);
  }

  boolean(field: string, value: unknown): this {
    return typeof value === 'boolean' ? this : this.fail(field, 'must be true or false', '须为 true 或 false');
  }

  instant(field: string, value: unknown): this {
    return isIsoInstant(value)
      ? this
      : this.fail(field, 'must be an ISO-8601 instant with an offset, e.g. 2024-05-01T08:00:00Z', '须为带时区的 ISO 8601 时刻，如 2024-05-01T16:00+08:00');
  }

  /**
   * A verdict (follow-up visit, re-inspection): a boolean, with a comment that is optional on
   * success and required on failure, because the failure reason is what the next round works on.
   */
  verdict(field: string, passed: unknown, comment: unknown): this {
    this.boolean(field, passed);
    return passed === false ? this.text('comment', comment) : this.optionalText('comment', comment);
  }

  /** Fails at once: for a problem that leaves nothing sensible to build. */
  reject(field: string, message: string, zh: string): never {
    this.fail(field, message, zh).throwIfInvalid();
    throw new Error('unreachable: throwIfInvalid throws after fail');
  }

  /** An instant not later than `now`, e.g. when a letter was received. */
  notInFuture(field: string, value: unknown, now: string): this {
    if (!isIsoInstant(value)) return this.instant(field, value);
    return Date.parse(value) > Date.parse(now) ? this.fail(field, 'cannot be in the future', '不能晚于现在') : this;
  }

  /** An instant strictly later than `now`, e.g. a rectification deadline. */
  inFuture(field: string, value: unknown, now: string): this {
    if (!isIsoInstant(value)) return this.instant(field, value);
    return Date.parse(value) <= Date.parse(now) ? this.fail(field, 'must be in the future', '须晚于现在') : this;
  }

  throwIfInvalid(): void {
    if (this.issues.length > 0) throw new InvalidCommandError(this.aggregate, this.command, this.issues);
  }
}
