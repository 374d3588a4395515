import type { HttpException } from '@nestjs/common';

/**
 * A refusal whose answer carries its message in both languages (`{ message: { zh, en } }`, which
 * the API's problem filter renders in the language asked for) and whose own message is the English
 * one, for logs and for callers that read `error.message`.
 */
export function refusal<T extends HttpException>(Exception: new (body: object) => T, message: { zh: string; en: string }): T {
  const exception = new Exception({ message });
  exception.message = message.en;
  return exception;
}
