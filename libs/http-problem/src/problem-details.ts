import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** One rule a field broke, e.g. {field: 'customer.phone', rule: 'matches', message: '...'}. */
export interface FieldViolation {
  field: string;
  rule: string;
  message: string;
}

/** RFC 9457 problem details. Extension members sit beside the standard ones. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://duban.example/problems/';

export function problemType(slug: string): string {
  return PROBLEM_TYPE_BASE + slug;
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/**
 * An HttpException whose body is already a problem document: thrown wherever the API wants to
 * say more than a status (the field violations, the allowed commands, the actual revision).
 */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDetails) {
    super(problem, problem.status);
  }

  static of(status: HttpStatus, slug: string, detail: string, extensions: Record<string, unknown> = {}): ProblemException {
    return new ProblemException({ type: problemType(slug), title: statusTitle(status), status, detail, ...extensions });
  }
}
