import { keyedAggregateId } from '@duban/command-handling';
import type { AuthenticatedUser } from '@duban/identity';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from './request-context';

/** Under an Idempotency-Key the id derives from user and key, so a retried creation lands on the same stream. */
export function newAggregateId(user: AuthenticatedUser, context: RequestContext): string {
  return context.idempotencyKey === undefined ? randomUUID() : keyedAggregateId(user.username, context.idempotencyKey);
}
