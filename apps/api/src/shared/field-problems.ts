import { type Type } from '@nestjs/common';
import { labelOf, validationProblem, type Bilingual, type FieldViolation, type ProblemException } from '@duban/http-problem';

/** A 400 shaped exactly like the validation pipe's, for checks the pipe cannot make itself. */
export function fieldValidationProblem(violations: FieldViolation[]): ProblemException {
  return validationProblem(violations);
}

/** A rule a field of `request` (a request class, or a value of one) broke, labelled as the class labels the field. */
export function violationOf(request: Type | object, field: string, rule: string, message: Bilingual): FieldViolation {
  const label = labelOf(typeof request === 'function' ? (request.prototype as object) : request, field);
  return { field, rule, ...(label && { label }), message };
}

/**
 * Commands without a payload take `{}` (or no body); the pipe cannot whitelist a class with no
 * fields. Any other JSON (`[]`, `null`, a string) is no command body either: refused, never ignored.
 */
export function assertEmptyBody(body: unknown): void {
  if (body === undefined) return;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw fieldValidationProblem([
      {
        field: 'body',
        rule: 'isObject',
        label: { zh: '请求体', en: 'body' },
        message: { zh: '请求体须为 JSON 对象（此命令为 {}）或不发送', en: 'the body must be a JSON object ({} for this command) or left out' },
      },
    ]);
  }
  const fields = Object.keys(body);
  if (fields.length > 0) throw fieldValidationProblem(fields.map((field) => ({ field, rule: 'whitelistValidation' })));
}
