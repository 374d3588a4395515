import { keyedAggregateId, type AggregateType, type LoadedAggregate } from '@duban/command-handling';
import type { AuthenticatedUser } from '@duban/identity';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AnyMachineSnapshot } from 'xstate';
import { presentAggregate } from './aggregate-presenter';
import type { RequestContext } from './request-context';

/** Under an Idempotency-Key the id derives from user and key, so a retried creation lands on the same stream. */
export function newAggregateId(user: AuthenticatedUser, context: RequestContext): string {
  return context.idempotencyKey === undefined ? randomUUID() : keyedAggregateId(user.username, context.idempotencyKey);
}

/** 201 with Location and ETag. */
export function presentCreated<TState extends AnyMachineSnapshot, TView>(
  aggregate: AggregateType<TState, { type: string }, TView>,
  loaded: LoadedAggregate<TState>,
  user: AuthenticatedUser,
  response: Response,
  location: string,
): TView & { revision: number } {
  response.status(201).setHeader('Location', location);
  return presentAggregate(aggregate, loaded, user, response);
}
