import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** Fixed namespace of every name-based id Duban derives; changing it would break retries in flight. */
const DUBAN_NAMESPACE = '6f4c3a52-8d1e-5b7a-9c60-2f1e0d9b7a14';

/** What a client's Idempotency-Key binds: the key, scoped to its user, and the request it first came with. */
export interface IdempotencyClaim {
  readonly key: string;
  /** requestHash(...) of the request as first sent. */
  readonly requestHash: string;
}

/**
 * Event ids of a keyed command: the same user, key and index give the same id, so a retried
 * append is recognised by the store (idempotent re-append) and a key reused on another stream
 * collides with the ids already recorded there (DuplicateEventIdError).
 */
export function keyedEventId(actorId: string, key: string, index: number): string {
  return uuidv5(`event\n${actorId}\n${key}\n${index}`, DUBAN_NAMESPACE);
}

/** Ids of the events another event caused (a follow-up): the same cause, the same ids. */
export function causedEventId(causationEventId: string, index: number, stream?: string): string {
  return uuidv5(stream === undefined ? `caused\n${causationEventId}\n${index}` : `caused\n${causationEventId}\n${stream}\n${index}`, DUBAN_NAMESPACE);
}

/** A uuid v5 in Duban's namespace for any other name-based id (seed events, SLA firings): the same name, the same id. */
export function derivedId(name: string): string {
  return uuidv5(name, DUBAN_NAMESPACE);
}

/** The id of an aggregate created under an Idempotency-Key, so that a retried creation hits the same stream. */
export function keyedAggregateId(actorId: string, key: string): string {
  return uuidv5(`aggregate\n${actorId}\n${key}`, DUBAN_NAMESPACE);
}

/** JSON with object keys sorted at every level, so that equal requests hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 of what the request asks for: its target (method and path) and its canonical body. */
export function requestHash(target: string, body: unknown): string {
  return createHash('sha256')
    .update(target)
    .update('\n')
    .update(canonicalJson(body ?? {}))
    .digest('base64url');
}
