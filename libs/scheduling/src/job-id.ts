/**
 * BullMQ job ids name a job for its whole life in Redis: adding a job whose id already exists is a
 * no-op, which is what makes scheduling and publishing idempotent. Ids must not contain ':' (Redis
 * key separator) and must not look like integers (BullMQ's own counter). Each part is
 * percent-encoded, so the encoding is injective and ':' becomes '%3A'; parts are joined with '|'.
 */
export function deterministicJobId(kind: string, ...parts: ReadonlyArray<string | number>): string {
  return [kind, ...parts].map((part) => encodeURIComponent(String(part))).join('|');
}
